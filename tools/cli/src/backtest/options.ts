import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AUTO_ARCHITECTURE, DEFAULT_AUTO_TIME_BUDGET_SECONDS, ESN_ARCHITECTURE, GRID_AGGREGATES, listArchitectures, MAX_EMBEDDING_DIM } from '@tsf/forecasting';
import { stampTime } from './split';

/** A bad command line: the message is printed as one line and the command exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const DATASET_FORMATS = ['m4', 'long', 'wide'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** `--scale`: none (the default), or each series z-scored by the mean and deviation of the part the models fit on. */
export const SCALES = ['none', 'standard-train'] as const;

/** `--target`: the wide file's columns to backtest as series, or every numeric column. */
export const ALL_TARGETS = 'all';

const positiveInt = (flag: string) =>
  z.coerce.number({ error: `--${flag} must be a positive integer` }).int(`--${flag} must be a positive integer`).min(1, `--${flag} must be a positive integer`);

/** `--season`: a positive integer, or `auto` (the default) to detect it from the data. */
const seasonOption = z
  .string()
  .default('auto')
  .transform((value, context): number | 'auto' => {
    if (value === 'auto') return 'auto';
    const season = Number(value);
    if (value.trim() === '' || !Number.isInteger(season) || season < 1) {
      context.addIssue({ code: 'custom', message: '--season must be a positive integer or auto' });
      return z.NEVER;
    }
    return season;
  });

/** A date-time option (`--train-until 2017-06-26`): a stamp without a zone is UTC, as the files' stamps are read. */
const dateOption = (flag: string) =>
  z
    .string()
    .refine((value) => Number.isFinite(stampTime(value)), `--${flag} must be a date-time such as 2017-06-26 or 2017-06-26T12:00:00Z`)
    .optional();

/** The longest `--time-budget` an auto model accepts (a week, as autoParamsSchema). */
const MAX_TIME_BUDGET_SECONDS = 7 * 86_400;

const optionsSchema = z
  .object({
    csv: z.string({ error: '--csv FILE is required' }).min(1, '--csv FILE is required'),
    format: z.enum(DATASET_FORMATS, { error: `--format must be one of ${DATASET_FORMATS.join(', ')}` }),
    test: z.string().min(1).optional(),
    target: z
      .string()
      .transform((value) => [...new Set(value.split(',').map((name) => name.trim()).filter(Boolean))])
      .refine((names) => names.length > 0, '--target needs a column name, a comma-separated list or all')
      .optional(),
    model: z
      .string({ error: '--model NAME[,NAME…] is required' })
      .transform((value) => [...new Set(value.split(',').map((name) => name.trim()).filter(Boolean))])
      .refine((names) => names.length > 0, '--model NAME[,NAME…] is required'),
    horizon: positiveInt('horizon'),
    season: seasonOption,
    maseSeason: positiveInt('mase-season').optional(),
    forecasts: z.string().min(1, '--forecasts FILE needs a file name').optional(),
    epochs: positiveInt('epochs').default(20),
    lookback: positiveInt('lookback').optional(),
    folds: positiveInt('folds').default(1),
    history: positiveInt('history').optional(),
    maxSeries: positiveInt('max-series').optional(),
    trainUntil: dateOption('train-until'),
    testFrom: dateOption('test-from'),
    testUntil: dateOption('test-until'),
    stride: positiveInt('stride').optional(),
    scale: z.enum(SCALES, { error: `--scale must be one of ${SCALES.join(', ')}` }).default('none'),
    grid: z.boolean().default(false),
    maxGap: z.coerce
      .number({ error: '--max-gap must be an integer from 0 to 1000' })
      .int('--max-gap must be an integer from 0 to 1000')
      .min(0, '--max-gap must be an integer from 0 to 1000')
      .max(1000, '--max-gap must be an integer from 0 to 1000')
      .optional(),
    aggregate: z.enum(GRID_AGGREGATES, { error: `--aggregate must be one of ${GRID_AGGREGATES.join(', ')}` }).optional(),
    timeBudget: z.coerce
      .number({ error: '--time-budget must be a positive number of seconds' })
      .positive('--time-budget must be a positive number of seconds')
      .max(MAX_TIME_BUDGET_SECONDS, `--time-budget must be at most ${MAX_TIME_BUDGET_SECONDS} seconds (a week)`)
      .optional(),
    seed: z.coerce.number({ error: '--seed must be an integer' }).int('--seed must be an integer').default(1),
    transforms: z.enum(['derived'], { error: '--transforms must be derived' }).optional(),
    embedSeries: positiveInt('embed-series').pipe(z.number().max(MAX_EMBEDDING_DIM, `--embed-series must be at most ${MAX_EMBEDDING_DIM}`)).optional(),
    json: z.boolean().default(false),
  })
  .superRefine((options, context) => {
    if (options.test !== undefined && options.format !== 'm4') {
      context.addIssue({ code: 'custom', message: '--test applies to --format m4 only (long and wide files hold out their last points)' });
    }
    if (options.test !== undefined && options.folds > 1) {
      context.addIssue({ code: 'custom', message: '--folds cannot be combined with --test (the test file is the one holdout)' });
    }
    if (options.grid && options.format === 'm4') {
      context.addIssue({ code: 'custom', message: '--grid needs the timestamps of a long or wide file (an M4 file has none)' });
    }
    if (!options.grid && (options.maxGap !== undefined || options.aggregate !== undefined)) {
      context.addIssue({ code: 'custom', message: '--max-gap and --aggregate apply with --grid only' });
    }
    if (options.format === 'wide' && options.target === undefined) {
      context.addIssue({ code: 'custom', message: '--format wide needs --target COLUMN' });
    }
    if (options.format !== 'wide' && options.target !== undefined) {
      context.addIssue({ code: 'custom', message: '--target applies to --format wide only' });
    }
    const split = options.trainUntil !== undefined;
    if (!split && (options.testFrom !== undefined || options.testUntil !== undefined || options.stride !== undefined)) {
      context.addIssue({ code: 'custom', message: '--test-from, --test-until and --stride need --train-until (a fixed split)' });
    }
    if (split && options.format === 'm4') {
      context.addIssue({ code: 'custom', message: '--train-until applies to long and wide files (their timestamps place the split)' });
    }
    if (split && options.folds > 1) {
      context.addIssue({ code: 'custom', message: '--folds cannot be combined with --train-until (a fixed split has one fit)' });
    }
    const [trainUntil, testFrom, testUntil] = [options.trainUntil, options.testFrom ?? options.trainUntil, options.testUntil].map((value) =>
      value === undefined ? undefined : stampTime(value),
    );
    if (trainUntil !== undefined && testFrom !== undefined && testFrom < trainUntil) {
      context.addIssue({ code: 'custom', message: '--test-from must not be before --train-until' });
    }
    if (testFrom !== undefined && testUntil !== undefined && testUntil <= testFrom) {
      context.addIssue({ code: 'custom', message: '--test-until must be after --test-from' });
    }
    const fixed = options.model.some((name) => name !== AUTO_ARCHITECTURE && name !== ESN_ARCHITECTURE && listArchitectures().includes(name));
    if ((options.transforms !== undefined || options.embedSeries !== undefined) && !fixed) {
      context.addIssue({ code: 'custom', message: '--transforms and --embed-series apply to the registered architectures (auto and esn choose their own inputs)' });
    }
    if (options.timeBudget !== undefined && !options.model.includes(AUTO_ARCHITECTURE)) {
      context.addIssue({ code: 'custom', message: '--time-budget applies to --model auto only' });
    }
  })
  .transform(({ timeBudget, ...options }) => ({ ...options, timeBudget: timeBudget ?? DEFAULT_AUTO_TIME_BUDGET_SECONDS }));

export type BacktestOptions = z.output<typeof optionsSchema>;

export const backtestUsage =
  'tsf backtest --csv FILE --format m4|long|wide [--test FILE] [--target COL[,COL…]|all] --model NAME[,NAME…] --horizon H\n' +
  '             [--season S|auto] [--mase-season M] [--forecasts FILE] [--epochs N] [--lookback L] [--history N]\n' +
  '             [--folds K | --train-until DATE [--test-from DATE] [--test-until DATE] [--stride N]]\n' +
  '             [--scale none|standard-train] [--grid [--max-gap N] [--aggregate mean|last|sum|min|max]]\n' +
  '             [--max-series N] [--seed N] [--time-budget SECONDS] [--transforms derived] [--embed-series DIM] [--json]\n' +
  '                            backtest models and the baselines on a CSV file: metrics on stdout, progress on stderr;\n' +
  '                            --season auto (the default) detects the period; --mase-season scores MASE with another\n' +
  '                            period; --forecasts writes every forecast as CSV: model,series,fold,step,forecast,actual,method;\n' +
  '                            a series too short for a model is forecast by seasonal naive (naive under one season);\n' +
  `                            --model auto chooses its own models within --time-budget (default ${DEFAULT_AUTO_TIME_BUDGET_SECONDS} s);\n` +
  '                            --train-until fits once on the values before DATE and forecasts every --stride-th origin\n' +
  '                            of the test part; --scale standard-train z-scores each series by its training part;\n' +
  '                            --grid reads each series on its grid as the platform does (gaps up to --max-gap steps\n' +
  '                            interpolated, longer ones split it; the earlier segments only train);\n' +
  '                            --transforms derived gives the registered architectures the transforms auto derives (log\n' +
  '                            where every value is positive, each window minus its level); --embed-series DIM makes them\n' +
  '                            learn a vector of DIM per series (a series key it never saw reads the unknown vector)';

/** Parses `tsf backtest` arguments; every problem is a UsageError naming the flag. */
export function parseBacktestOptions(args: string[]): BacktestOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        csv: { type: 'string' },
        format: { type: 'string' },
        test: { type: 'string' },
        target: { type: 'string' },
        model: { type: 'string' },
        horizon: { type: 'string' },
        season: { type: 'string' },
        'mase-season': { type: 'string' },
        forecasts: { type: 'string' },
        epochs: { type: 'string' },
        lookback: { type: 'string' },
        folds: { type: 'string' },
        history: { type: 'string' },
        'max-series': { type: 'string' },
        'train-until': { type: 'string' },
        'test-from': { type: 'string' },
        'test-until': { type: 'string' },
        stride: { type: 'string' },
        scale: { type: 'string' },
        grid: { type: 'boolean' },
        'max-gap': { type: 'string' },
        aggregate: { type: 'string' },
        seed: { type: 'string' },
        'time-budget': { type: 'string' },
        transforms: { type: 'string' },
        'embed-series': { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const {
    'max-series': maxSeries,
    'mase-season': maseSeason,
    'time-budget': timeBudget,
    'train-until': trainUntil,
    'test-from': testFrom,
    'test-until': testUntil,
    'max-gap': maxGap,
    'embed-series': embedSeries,
    ...rest
  } = values;
  const parsed = optionsSchema.safeParse({ ...rest, maxSeries, maseSeason, timeBudget, trainUntil, testFrom, testUntil, maxGap, embedSeries });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
