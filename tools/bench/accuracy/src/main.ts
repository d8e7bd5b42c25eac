/**
 * `npm run bench:accuracy [-- --quick] [--tasks m4,etth1,etth1-ot] [--models lstm,mlp] [--workers N]`: trains tsf's
 * models as global models on M4 Hourly and ETTh1, scores them with the baselines, and prints a Markdown table on stdout
 * (progress on stderr). See the "Accuracy" section of docs/benchmarks.md.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { activeBackend, initBackend, SHARED_DATA_DIR } from '@tsf/forecasting';
import { z } from 'zod';
import type { Job } from './jobs';
import { markdownTable } from './markdown-table';
import { modelPlans, quickBudget, TASK_NAMES, type TaskName } from './model-plans';
import { assembleRows } from './results';
import { loadTask } from './tasks/load-task';
import { runJobs } from './worker-pool';

const list = <T extends string>(all: readonly T[], what: string) =>
  z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(all as [T, ...T[]], { error: `unknown ${what} (known: ${all.join(', ')})` })));

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      tasks: { type: 'string', default: TASK_NAMES.join(',') },
      models: { type: 'string' },
      workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      data: { type: 'string', default: SHARED_DATA_DIR },
      seed: { type: 'string', default: '1' },
    },
  });
  const plans = modelPlans();
  const options = z
    .object({
      quick: z.boolean(),
      tasks: list(TASK_NAMES, 'task'),
      models: list(plans.map((plan) => plan.name), 'model').optional(),
      workers: z.coerce.number().int().min(1).max(64),
      data: z.string(),
      seed: z.coerce.number().int(),
    })
    .parse(values);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const chosen = plans.filter((plan) => options.models === undefined || options.models.includes(plan.name));
  const jobs: Job[] = [];
  for (const task of options.tasks) {
    for (const plan of chosen) {
      const budget = plan.budgets[task];
      if (budget !== undefined) jobs.push({ kind: 'model', task, plan, budget: budget && options.quick ? quickBudget(budget) : budget, seed: options.seed });
    }
    jobs.push({ kind: 'baselines', task });
  }
  const backend = await initBackend();
  log(`bench:accuracy: ${jobs.length} jobs on ${options.workers} worker thread(s), backend ${backend.name}, load average ${loadavg()[0].toFixed(1)}`);
  const results = await runJobs(jobs, options.workers, options.data, log);
  const tasks = new Map(options.tasks.map((name): [TaskName, ReturnType<typeof loadTask>] => [name, loadTask(name, options.data)]));
  const { rows, members } = assembleRows(results, tasks);

  const minutes = (performance.now() - started) / 60_000;
  const lines = [
    markdownTable(rows, options.tasks),
    '',
    ...[...members].map(([task, names]) => `Ensemble on ${tasks.get(task)?.name}: ${names.join(', ')} (median on M4, mean on ETTh1).`),
    `${options.quick ? 'Quick run (1 epoch on 1/8 of the windows)' : 'Full run'}: ${minutes.toFixed(1)} min wall time on ${options.workers} worker thread(s), ` +
      `tfjs ${activeBackend()?.name} backend, load average ${loadavg()[0].toFixed(1)} at the end. Training times are per model, each on one thread.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:accuracy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
