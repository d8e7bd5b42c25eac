import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export type AppName = 'api' | 'ingestor' | 'trainer' | 'scheduler';

const ROOT = join(__dirname, '../../..');

export interface AppProcessOptions {
  env: Record<string, string>;
  /** Called with each line the app prints, stdout and stderr alike. */
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** One of the platform's services running as a real child process, as it would in production. */
export class AppProcess {
  private readonly exited: Promise<number | null>;
  private readonly lines: string[] = [];

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? null : 0))));
  }

  static async start(app: AppName, options: AppProcessOptions, label: string = app): Promise<AppProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const processHandle = new AppProcess(label, child);
    const ready = new RegExp(`\\[${app}\\] ready`);
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${label} did not start within ${options.readyTimeoutMs ?? 60_000} ms:\n${processHandle.output()}`)),
        options.readyTimeoutMs ?? 60_000,
      );
      void processHandle.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited with ${code} before it was ready:\n${processHandle.output()}`));
      });
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream }).on('line', (line) => {
          processHandle.lines.push(line);
          if (processHandle.lines.length > 500) processHandle.lines.shift();
          options.onLine?.(line);
          if (ready.test(line)) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
    killOnExit(child);
    try {
      await seen;
    } catch (error) {
      // Nobody gets a handle to a process that failed to start, so none could stop it: it must not outlive the failure.
      child.kill('SIGKILL');
      await processHandle.exited;
      throw error;
    }
    return processHandle;
  }

  /** The last lines the app printed (for failure messages). */
  output(): string {
    return this.lines.join('\n');
  }

  /** SIGTERM (a graceful stop: finish work in hand), then SIGKILL if it has not exited in time. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL: the process dies mid-work, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }
}

const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}
