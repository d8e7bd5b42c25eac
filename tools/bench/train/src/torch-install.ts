/**
 * `--baseline`: the PyTorch peer's Debian packages, installed with apt-get when they are missing (as
 * tools/scripts/setup.sh installs Postgres): python3-torch for the system python, and libopenblas0-pthread, without
 * which Debian's torch runs its products on the reference BLAS and the comparison says little.
 */
import { spawnSync } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';
const PACKAGES = { torch: 'python3-torch', openblas: 'libopenblas0-pthread' };

function installed(pkg: string): boolean {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

function missingPackages(): string[] {
  const torch = spawnSync(SYSTEM_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  return [...(torch ? [] : [PACKAGES.torch]), ...(installed(PACKAGES.openblas) ? [] : [PACKAGES.openblas])];
}

/** Installs what is missing (as root, or through sudo); throws a message that says what to do when it cannot. */
export function ensureTorchPackages(log: (line: string) => void): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  log(`installing Debian packages for the PyTorch peer: ${missing.join(' ')}`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const [command, ...rest] = [...asRoot, ...args];
    const run = spawnSync(command, rest, { encoding: 'utf8', env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) {
      const why = run.error ? run.error.message : `exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
      throw new Error(`--baseline: could not install ${missing.join(' ')} (${args.slice(0, 2).join(' ')} failed, ${why}); install them as root, or run without --baseline`);
    }
  }
}
