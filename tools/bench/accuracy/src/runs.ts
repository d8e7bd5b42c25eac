import { spawn } from 'node:child_process';
import type { Task } from './tasks';

/** The `tsf` command as a user runs it from the repository root. */
export const TSF_BIN = 'tools/cli/bin/tsf.js';

/** `--model` of the run that reports the baselines alone (a baseline name runs no tsf model; every baseline reports). */
export const BASELINES_RUN = 'naive';

/** What --quick changes, on top of the task's own: fewer epochs, and a short search for auto. */
const QUICK = { epochs: '1', autoTimeBudget: '60' } as const;

export interface RunSettings {
  /** The data directory as written in the commands (relative to the repository root where it can be). */
  readonly data: string;
  readonly quick: boolean;
  readonly seed: number;
  /** `--epochs` and `--history` of the tsf models' runs (absent: the product's defaults). */
  readonly epochs?: number;
  readonly history?: number;
}

/** Extra `tsf backtest` options of a model's run (variants.ts), and what its row adds to the model's name. */
export interface Variant {
  readonly options: readonly string[];
  readonly label: string;
}

/** The run of a model as the task and the bench's settings have it. */
export const PLAIN: Variant = { options: [], label: '' };

/** One `tsf backtest` process: a model (or the baselines) on a task. */
export interface Run {
  readonly task: Task;
  readonly model: string;
  /** Its row's name: the model and its variant's label. */
  readonly name: string;
  /** The arguments after `tsf`. */
  readonly args: readonly string[];
}

/** `args` with each `--flag value` of `overrides` set: replaced where the flag is present, else appended. */
export function withOptions(args: readonly string[], overrides: readonly string[]): string[] {
  const out = [...args];
  for (let i = 0; i < overrides.length; i += 2) {
    const at = out.indexOf(overrides[i]);
    if (at === -1) out.push(overrides[i], overrides[i + 1]);
    else out[at + 1] = overrides[i + 1];
  }
  return out;
}

/** The run of `model` on `task`: the task's protocol, the model, the seed, the variant's options, and with --quick a smaller run. */
export function runOf(task: Task, model: string, { data, quick, seed, epochs, history }: RunSettings, variant: Variant = PLAIN): Run {
  const training = [...(epochs === undefined ? [] : ['--epochs', String(epochs)]), ...(history === undefined ? [] : ['--history', String(history)])];
  const base = ['backtest', ...task.args(data), '--model', model, '--seed', String(seed), ...(model === BASELINES_RUN ? [] : training), ...variant.options];
  const smaller = ['--epochs', QUICK.epochs, ...(model === 'auto' ? ['--time-budget', QUICK.autoTimeBudget] : []), ...task.quick];
  return { task, model, name: `${model}${variant.label}`, args: [...(quick ? withOptions(base, smaller) : base), '--json'] };
}

/** The run as a shell command line, from the repository root. */
export function commandLine(run: Run): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return ['node', TSF_BIN, ...run.args].map(quote).join(' ');
}

export interface RunOutcome {
  readonly run: Run;
  readonly code: number | null;
  readonly stdout: string;
  /** The last line it wrote on stderr (why it failed, when it did). */
  readonly lastError: string;
  readonly seconds: number;
}

/** Runs `tsf` in `root` with the run's arguments; its stderr lines go to `progress`, prefixed with the task and model. */
function execute(run: Run, root: string, progress: (line: string) => void): Promise<RunOutcome> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSF_BIN, ...run.args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    let lastError = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split(/\r|\n/);
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        lastError = line;
        progress(`[${run.task.name} ${run.name}] ${line}`);
      }
    });
    child.on('error', fail);
    child.on('close', (code) => done({ run, code, stdout, lastError: pending || lastError, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Runs every run, `parallel` processes at a time, in order; resolves with the outcomes in the runs' order. */
export async function executeAll(runs: readonly Run[], parallel: number, root: string, progress: (line: string) => void): Promise<RunOutcome[]> {
  const outcomes = new Array<RunOutcome>(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const index = next++;
      progress(`[${runs[index].task.name} ${runs[index].name}] ${commandLine(runs[index])}`);
      outcomes[index] = await execute(runs[index], root, progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return outcomes;
}
