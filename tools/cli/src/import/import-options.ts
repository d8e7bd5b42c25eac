import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError } from '../backtest/options';
import type { ImportSettings } from './csv-import';
import { IMPORT_FORMATS } from './row-mappers';
import { timeZoneSchema } from './time-zone';

export interface ImportOptions extends ImportSettings {
  dryRun: boolean;
}

const positiveInt = (flag: string) =>
  z.coerce.number({ error: `--${flag} must be a positive integer` }).int(`--${flag} must be a positive integer`).min(1, `--${flag} must be a positive integer`);

const optionsSchema = z.object({
  file: z.string().min(1),
  format: z.enum(IMPORT_FORMATS, { error: `--format must be one of ${IMPORT_FORMATS.join(', ')}` }).optional(),
  timeColumn: z.string().min(1, '--time-column needs a column name').optional(),
  seriesPrefix: z.string().optional(),
  columns: z
    .string()
    .transform((value) => [...new Set(value.split(',').map((name) => name.trim()).filter(Boolean))])
    .refine((names) => names.length > 0, '--columns needs at least one column name')
    .optional(),
  zone: timeZoneSchema.prefault('UTC'),
  // 50 000 points is one COPY of about 1 MB: big enough that per-statement costs vanish, small enough to hold in memory
  chunkPoints: positiveInt('chunk-points').default(50_000),
  listedBadRows: positiveInt('show-bad-rows').default(20),
  dryRun: z.boolean().default(false),
});

export const importUsage =
  'tsf import FILE.csv [--format long|wide] [--time-column COL] [--series-prefix P] [--columns A,B,…] [--time-zone ZONE]\n' +
  '             [--chunk-points N] [--show-bad-rows N] [--dry-run]\n' +
  '                            load history from a CSV file into $DATABASE_URL (long: series,ts,value[,labels]; wide: a time column\n' +
  '                            and one series per column); nothing is written when any row is bad (see docs/import.md)';

/** Parses `tsf import` arguments; every problem is a UsageError naming the flag. */
export function parseImportOptions(args: string[]): ImportOptions {
  let parsedArgs: ReturnType<typeof parseArgsStrict>;
  try {
    parsedArgs = parseArgsStrict(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsedArgs;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the CSV file to import' : `one file at a time, got ${positionals.join(' ')}`);
  const parsed = optionsSchema.safeParse({
    file: positionals[0],
    format: values.format,
    timeColumn: values['time-column'],
    seriesPrefix: values['series-prefix'],
    columns: values.columns,
    zone: values['time-zone'],
    chunkPoints: values['chunk-points'],
    listedBadRows: values['show-bad-rows'],
    dryRun: values['dry-run'],
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}

function parseArgsStrict(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'time-column': { type: 'string' },
      'series-prefix': { type: 'string' },
      columns: { type: 'string' },
      'time-zone': { type: 'string' },
      'chunk-points': { type: 'string' },
      'show-bad-rows': { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
}
