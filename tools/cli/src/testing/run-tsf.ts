import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export { SHARED_DATA_DIR as DATA_DIR } from '@tsf/forecasting';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

const TSF = join(REPO_ROOT, 'tools/cli/bin/tsf.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `tsf` binary as a child process, as a user would; `env` is added to this process' environment. */
export function runTsf(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSF, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
