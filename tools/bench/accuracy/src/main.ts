/**
 * `npm run bench:accuracy [-- --quick] [--tasks m4,etth1,etth1-ot] [--models auto,mlp] [--parallel N] [--seed N[,N…]]
 * [--epochs N] [--history N] [--transforms derived] [--embed-series DIM] [--data DIR]`: runs `tsf backtest --json` once per task, model, variant
 * (variants.ts: a registered architecture with and without series embeddings) and seed (and once for the baselines), as a user would, and
 * prints a Markdown table per task with the command behind each row on stdout (progress on stderr). It holds no
 * modelling: the protocols are tsf backtest options (tasks.ts). See the "Accuracy" section of docs/benchmarks.md.
 */
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTO_ARCHITECTURE, ESN_ARCHITECTURE, listArchitectures, SHARED_DATA_DIR } from '@tsf/forecasting';
import { z } from 'zod';
import { taskTable } from './markdown-table';
import { rowsOf } from './results';
import { BASELINES_RUN, executeAll, runOf, type Run } from './runs';
import { TASK_NAMES, TASKS, type TaskName } from './tasks';
import { variantsOf, withSeed } from './variants';

/** The repository root, where the commands run and from where the data path is written. */
const ROOT = resolve(__dirname, '../../../..');

const names = z
  .string()
  .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean))
  .refine((all) => all.length > 0, 'name at least one');

async function main(): Promise<number> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      tasks: { type: 'string', default: TASK_NAMES.join(',') },
      // auto, the ESN, then every registered architecture with the product's defaults (tsf backtest checks the names)
      models: { type: 'string', default: [AUTO_ARCHITECTURE, ESN_ARCHITECTURE, ...listArchitectures()].join(',') },
      parallel: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      data: { type: 'string', default: relative(ROOT, SHARED_DATA_DIR) },
      seed: { type: 'string', default: '1' },
      epochs: { type: 'string' },
      history: { type: 'string' },
      transforms: { type: 'string' },
      'embed-series': { type: 'string' },
    },
  });
  const options = z
    .object({
      quick: z.boolean(),
      tasks: names.pipe(z.array(z.enum(TASK_NAMES as [TaskName, ...TaskName[]], { error: `unknown task (known: ${TASK_NAMES.join(', ')})` }))),
      models: names,
      parallel: z.coerce.number().int().min(1).max(64),
      data: z.string().min(1),
      seed: names.transform((seeds) => seeds.map(Number)).pipe(z.array(z.number().int())),
      epochs: z.coerce.number().int().min(1).optional(),
      history: z.coerce.number().int().min(1).optional(),
      transforms: z.enum(['derived']).optional(),
      'embed-series': z.coerce.number().int().min(1).optional(),
    })
    .parse(values);
  const variants = { transforms: options.transforms, embedSeries: options['embed-series'] };
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const seeded = options.seed.length > 1;
  const runs: Run[] = options.tasks.flatMap((name) => [
    ...options.models.flatMap((model) =>
      options.seed.flatMap((seed) => variantsOf(model, variants).map((variant) => runOf(TASKS[name], model, { ...options, seed }, seeded ? withSeed(variant, seed) : variant))),
    ),
    runOf(TASKS[name], BASELINES_RUN, { ...options, seed: options.seed[0] }),
  ]);
  log(`bench:accuracy: ${runs.length} tsf backtest runs, ${options.parallel} at a time`);
  const outcomes = await executeAll(runs, options.parallel, ROOT, log);
  const tables = options.tasks.map((name) => taskTable(TASKS[name], outcomes.filter((outcome) => outcome.run.task.name === name).flatMap(rowsOf)));
  const minutes = (performance.now() - started) / 60_000;
  const run = options.quick ? 'Quick run (1 epoch, auto 60 s, M4: 48 series, ETTh1: one origin a day)' : 'Full run';
  process.stdout.write(`${tables.join('\n\n')}\n\n${run}: ${minutes.toFixed(1)} min wall time, ${options.parallel} tsf processes at a time.\n`);
  return outcomes.every((outcome) => outcome.code === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:accuracy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
