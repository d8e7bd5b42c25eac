import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AUTO_ARCHITECTURE, DEFAULT_AUTO_TIME_BUDGET_SECONDS } from '@tsf/forecasting';

/** A bad command line: the message is printed as one line and the command exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const DATASET_FORMATS = ['m4', 'long', 'wide'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

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

/** The longest `--time-budget` an auto model accepts (a week, as autoParamsSchema). */
const MAX_TIME_BUDGET_SECONDS = 7 * 86_400;

const optionsSchema = z
  .object({
    csv: z.string({ error: '--csv FILE is required' }).min(1, '--csv FILE is required'),
    format: z.enum(DATASET_FORMATS, { error: `--format must be one of ${DATASET_FORMATS.join(', ')}` }),
    test: z.string().min(1).optional(),
    target: z.string().min(1).optional(),
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
    timeBudget: z.coerce
      .number({ error: '--time-budget must be a positive number of seconds' })
      .positive('--time-budget must be a positive number of seconds')
      .max(MAX_TIME_BUDGET_SECONDS, `--time-budget must be at most ${MAX_TIME_BUDGET_SECONDS} seconds (a week)`)
      .optional(),
    seed: z.coerce.number({ error: '--seed must be an integer' }).int('--seed must be an integer').default(1),
    json: z.boolean().default(false),
  })
  .superRefine((options, context) => {
    if (options.test !== undefined && options.format !== 'm4') {
      context.addIssue({ code: 'custom', message: '--test applies to --format m4 only (long and wide files hold out their last points)' });
    }
    if (options.test !== undefined && options.folds > 1) {
      context.addIssue({ code: 'custom', message: '--folds cannot be combined with --test (the test file is the one holdout)' });
    }
    if (options.format === 'wide' && options.target === undefined) {
      context.addIssue({ code: 'custom', message: '--format wide needs --target COLUMN' });
    }
    if (options.format !== 'wide' && options.target !== undefined) {
      context.addIssue({ code: 'custom', message: '--target applies to --format wide only' });
    }
    if (options.format === 'wide' && options.maxSeries !== undefined) {
      context.addIssue({ code: 'custom', message: '--max-series does not apply to --format wide (it backtests one column)' });
    }
    if (options.timeBudget !== undefined && !options.model.includes(AUTO_ARCHITECTURE)) {
      context.addIssue({ code: 'custom', message: '--time-budget applies to --model auto only' });
    }
  })
  .transform(({ timeBudget, ...options }) => ({ ...options, timeBudget: timeBudget ?? DEFAULT_AUTO_TIME_BUDGET_SECONDS }));

export type BacktestOptions = z.output<typeof optionsSchema>;

export const backtestUsage =
  'tsf backtest --csv FILE --format m4|long|wide [--test FILE] [--target COL] --model NAME[,NAME…] --horizon H\n' +
  '             [--season S|auto] [--mase-season M] [--forecasts FILE] [--epochs N] [--lookback L] [--history N]\n' +
  '             [--folds K] [--max-series N] [--seed N] [--time-budget SECONDS] [--json]\n' +
  '                            backtest models and the baselines on a CSV file: metrics on stdout, progress on stderr;\n' +
  '                            --season auto (the default) detects the period; --mase-season scores MASE with another\n' +
  '                            period; --forecasts writes every forecast as CSV: model,series,fold,step,forecast,actual,method;\n' +
  '                            a series too short for a model is forecast by seasonal naive (naive under one season);\n' +
  `                            --model auto chooses its own models within --time-budget (default ${DEFAULT_AUTO_TIME_BUDGET_SECONDS} s)`;

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
        seed: { type: 'string' },
        'time-budget': { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { 'max-series': maxSeries, 'mase-season': maseSeason, 'time-budget': timeBudget, ...rest } = values;
  const parsed = optionsSchema.safeParse({ ...rest, maxSeries, maseSeason, timeBudget });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
