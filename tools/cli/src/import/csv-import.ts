import { stat } from 'node:fs/promises';
import type { PointWriter } from '@tsf/db';
import { UsageError } from '../backtest/options';
import { BadRows } from './bad-rows';
import { readCsvRecords } from './csv-records';
import { ImportProgress, type PassCounts, type ProgressSink } from './import-progress';
import { PointChunks } from './point-chunks';
import { createRowMapper, type ImportFormat, type LayoutOptions, type RowResult } from './row-mappers';

export interface ImportSettings extends LayoutOptions {
  file: string;
  chunkPoints: number;
  /** How many bad rows are listed by line; the rest are counted. */
  listedBadRows: number;
}

export interface ImportSummary {
  format: ImportFormat;
  rows: number;
  series: number;
  points: number;
  /** Empty value cells of a wide file: missing observations, skipped. */
  missing: number;
  /** Both passes; `writeSeconds` is the second alone. */
  seconds: number;
  writeSeconds?: number;
}

/** The file has bad rows; nothing was written. */
export class BadRowsError extends Error {
  constructor(
    readonly file: string,
    readonly badRows: BadRows,
  ) {
    super(`${file}: ${badRows.count} bad row${badRows.count === 1 ? '' : 's'}, nothing imported\n${badRows.format(file)}`);
    this.name = 'BadRowsError';
  }
}

/**
 * Imports a CSV file in two passes over the stream: the first validates every row (and counts), the second writes.
 * A file with any bad row is refused whole before anything is written; without a writer (a dry run) only the
 * first pass runs.
 */
export async function importCsv(settings: ImportSettings, writer: Pick<PointWriter, 'write'> | undefined, progress: ProgressSink): Promise<ImportSummary> {
  const started = performance.now();
  const totalBytes = await fileSize(settings.file);
  const badRows = new BadRows(settings.listedBadRows);
  const series = new Set<string>();
  let missing = 0;
  const validating = new ImportProgress('validating', totalBytes, progress);
  const validated = await scan(settings, validating, (row, line) => {
    if (!row.ok) return badRows.add(line, row.reason);
    for (const point of row.points) series.add(point.series);
    missing += row.missing;
  });
  validating.finish(validated);
  if (badRows.count > 0) throw new BadRowsError(settings.file, badRows);
  const summary = { format: validated.format, rows: validated.rows, series: series.size, points: validated.points, missing };
  if (writer === undefined) return { ...summary, seconds: seconds(started) };

  const writeStarted = performance.now();
  const chunks = new PointChunks(writer, settings.chunkPoints);
  const writing = new ImportProgress('writing', totalBytes, progress);
  const written = await scan(settings, writing, (row, line) => {
    if (!row.ok) throw new Error(`${settings.file}:${line}: the file changed after it was validated (${row.reason}); the rows before it were written`);
    return chunks.add(row.points) ? chunks.flush() : undefined;
  });
  await chunks.close();
  writing.finish(written);
  return { ...summary, seconds: seconds(started), writeSeconds: seconds(writeStarted) };
}

/**
 * One pass: the first record is the header, every other one a row handed to `visit` (awaited when it returns a
 * promise). Progress is updated as the file is read; the caller reports the end, once its own work is done too.
 */
async function scan(
  settings: ImportSettings,
  progress: ImportProgress,
  visit: (row: RowResult, line: number) => Promise<void> | void,
): Promise<PassCounts & { format: ImportFormat }> {
  const counts: PassCounts = { rows: 0, points: 0, bytesRead: 0 };
  let mapper: ReturnType<typeof createRowMapper> | undefined;
  for await (const { records, bytesRead } of readCsvRecords(settings.file)) {
    for (const record of records) {
      if (mapper === undefined) {
        if (record.malformed !== undefined) throw new UsageError(`${settings.file}:${record.line}: header: ${record.malformed}`);
        mapper = createRowMapper(record.cells, settings);
        continue;
      }
      const row: RowResult = record.malformed === undefined ? mapper.map(record.cells, record.line) : { ok: false, reason: record.malformed };
      counts.rows++;
      if (row.ok) counts.points += row.points.length;
      const pending = visit(row, record.line);
      if (pending !== undefined) await pending;
    }
    counts.bytesRead = bytesRead;
    progress.update(counts);
  }
  if (mapper === undefined) throw new UsageError(`${settings.file}: the file is empty (no header line)`);
  return { ...counts, format: mapper.format };
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${file}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`}`);
  }
}

const seconds = (since: number) => (performance.now() - since) / 1000;
