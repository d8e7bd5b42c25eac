import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from './support/repo';

const SCRIPT = repoPath('deploy/docker/prune-node-modules.js');

/** A small installed tree, as npm's hidden lockfile describes it, with a folder per package. */
function installTree(root: string, packages: Record<string, object>): void {
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ dependencies: { app: '1' }, optionalDependencies: { native: '1', 'native-gpu': '1' }, devDependencies: { cli: '1' } }),
  );
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'node_modules/.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  for (const location of Object.keys(packages)) mkdirSync(join(root, location), { recursive: true });
}

describe('deploy/docker/prune-node-modules.js', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tsf-prune-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps what the runtime reaches and removes optional-peer-only and unnamed optional packages', () => {
    installTree(root, {
      'node_modules/app': {
        dependencies: { helper: '1' },
        peerDependencies: { framework: '1', cli: '*' },
        peerDependenciesMeta: { cli: { optional: true } },
      },
      'node_modules/helper': { dependencies: { leftpad: '2' } },
      'node_modules/helper/node_modules/leftpad': {},
      'node_modules/leftpad': {},
      'node_modules/framework': {},
      'node_modules/cli': { dependencies: { 'cli-only': '1' } },
      'node_modules/cli-only': {},
      'node_modules/native': { dependencies: { downloader: '1' } },
      'node_modules/downloader': {},
      'node_modules/native-gpu': {},
      'node_modules/@tsf/app': { link: true, resolved: 'apps/app' },
    });

    const result = spawnSync(process.execPath, [SCRIPT, 'native'], { cwd: root, encoding: 'utf8' });

    expect(result.status).toBe(0);
    const present = (location: string) => existsSync(join(root, location));
    expect(['app', 'helper', 'helper/node_modules/leftpad', 'framework', 'native', 'downloader', '@tsf/app'].filter((p) => !present(`node_modules/${p}`))).toEqual([]);
    // leftpad at the top is shadowed by helper's own copy, and nothing else asks for it.
    expect(['cli', 'cli-only', 'native-gpu', 'leftpad'].filter((p) => present(`node_modules/${p}`))).toEqual([]);
    expect(result.stderr).toContain('removed 4');
  });

  it('refuses to keep a package that is not an optional dependency of the root', () => {
    installTree(root, { 'node_modules/app': {} });
    const result = spawnSync(process.execPath, [SCRIPT, 'typo'], { cwd: root, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('typo is not an optionalDependency');
    expect(existsSync(join(root, 'node_modules/app'))).toBe(true);
  });
});
