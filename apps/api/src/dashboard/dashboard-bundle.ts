import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { build } from 'esbuild';

const WEB_DIR = join(__dirname, 'web');

export interface DashboardAsset {
  contentType: string;
  body: string;
}

/**
 * The dashboard's front end (web/, typed TypeScript with uPlot from node_modules) bundled by esbuild in memory when
 * the API starts: no build step to forget, nothing fetched from a CDN.
 */
@Injectable()
export class DashboardBundle implements OnModuleInit {
  private readonly assets = new Map<string, DashboardAsset>();

  async onModuleInit(): Promise<void> {
    const result = await build({
      entryPoints: [join(WEB_DIR, 'main.ts')],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      target: 'es2022',
      outdir: '/dashboard',
      logLevel: 'silent',
    });
    for (const file of result.outputFiles) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      this.assets.set(name, { contentType: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', body: file.text });
    }
    this.assets.set('index.html', { contentType: 'text/html; charset=utf-8', body: readFileSync(join(WEB_DIR, 'index.html'), 'utf8') });
  }

  asset(name: string): DashboardAsset | undefined {
    return this.assets.get(name);
  }
}
