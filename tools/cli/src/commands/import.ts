import { loadConfig } from '@tsf/config';
import { PointWriter } from '@tsf/db';
import { Pool } from 'pg';
import { UsageError } from '../backtest/options';
import { BadRowsError, importCsv, type ImportSummary } from '../import/csv-import';
import { importUsage, parseImportOptions } from '../import/import-options';

export { importUsage };

const EXIT_BAD_INPUT = 2;

/**
 * `tsf import FILE.csv`: history from a CSV file into $DATABASE_URL through the ingestor's own PointWriter.
 * Progress goes to stderr, the summary to stdout. Bad options or a file with bad rows end it with exit code 2 and
 * nothing written; bad rows are listed with their line numbers.
 */
export async function importCommand(args: string[]): Promise<number> {
  try {
    const options = parseImportOptions(args);
    const progress = process.stderr;
    if (options.dryRun) {
      process.stdout.write(`${formatSummary(options.file, await importCsv(options, undefined, progress), 'valid (dry run, nothing written)')}\n`);
      return 0;
    }
    // read the config first: a missing DATABASE_URL should not wait for a validation pass over years of data
    const pool = new Pool({ connectionString: loadConfig(['database']).DATABASE_URL, max: 2 });
    try {
      process.stdout.write(`${formatSummary(options.file, await importCsv(options, new PointWriter(pool), progress), 'imported')}\n`);
    } finally {
      await pool.end();
    }
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof BadRowsError)) throw error;
    process.stderr.write(`tsf import: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
}

function formatSummary(file: string, summary: ImportSummary, verb: string): string {
  const rate = summary.writeSeconds === undefined ? '' : `, ${Math.round(summary.points / summary.writeSeconds)} points/s written`;
  return (
    `${verb} ${file} (${summary.format}): ${summary.rows} rows, ${summary.series} series, ${summary.points} points, ` +
    `${summary.missing} missing cells skipped, ${summary.seconds.toFixed(2)} s${rate}`
  );
}
