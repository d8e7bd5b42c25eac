import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DASHBOARDS_DIR, provisioningFiles } from './provisioning';

/** `npm run grafana:generate`: rewrites deploy/grafana/provisioning/dashboards from the TypeScript dashboards. */
function generate(root: string): void {
  const files = provisioningFiles();
  const dir = join(root, DASHBOARDS_DIR);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (!files.has(`${DASHBOARDS_DIR}/${name}`)) rmSync(join(dir, name));
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    process.stdout.write(`wrote ${path}\n`);
  }
}

generate(resolve(__dirname, '../../../..'));
