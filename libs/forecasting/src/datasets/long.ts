import { checkLength, columnIndex, fullRow, parseNumber, readCsv } from './csv';
import { DatasetError } from './dataset-error';

/** One series of a long table, in time order. */
export interface LongSeries {
  readonly id: string;
  readonly timestamps: string[];
  readonly values: Float64Array;
}

export interface LongReadOptions {
  readonly seriesColumn?: string;
  readonly timestampColumn?: string;
  readonly valueColumn?: string;
  /** Shortest series accepted (default 1). */
  readonly minLength?: number;
}

interface Point {
  readonly time: number;
  readonly timestamp: string;
  readonly value: number;
  readonly line: number;
}

/** A timestamp as a number to sort by: a plain number (e.g. epoch seconds) or a date string Date.parse accepts. */
function parseTime(cell: string, file: string, line: number): number {
  const time = cell.trim() === '' ? NaN : Number.isFinite(Number(cell)) ? Number(cell) : Date.parse(cell);
  if (Number.isNaN(time)) throw new DatasetError(`malformed timestamp "${cell}"`, file, line);
  return time;
}

/**
 * Reads a "long" CSV (default columns series,timestamp,value; rows in any order) into one series per id, in order of
 * first appearance, each sorted by time. Two rows of a series with the same time are an error.
 */
export function readLongCsv(file: string, options: LongReadOptions = {}): LongSeries[] {
  const table = readCsv(file);
  const seriesIndex = columnIndex(table, options.seriesColumn ?? 'series');
  const timeIndex = columnIndex(table, options.timestampColumn ?? 'timestamp');
  const valueIndex = columnIndex(table, options.valueColumn ?? 'value');
  const groups = new Map<string, Point[]>();
  for (const row of table.rows) {
    const { line } = row;
    const cells = fullRow(table, row);
    const id = cells[seriesIndex];
    const point: Point = {
      time: parseTime(cells[timeIndex], file, line),
      timestamp: cells[timeIndex],
      value: parseNumber(cells[valueIndex], file, line, table.header[valueIndex]),
      line,
    };
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [point]);
    else group.push(point);
  }
  return [...groups].map(([id, points]) => {
    points.sort((a, b) => a.time - b.time);
    for (let i = 1; i < points.length; i++) {
      if (points[i].time === points[i - 1].time) {
        throw new DatasetError(`series ${id} repeats timestamp ${points[i].timestamp} (first on line ${points[i - 1].line})`, file, points[i].line);
      }
    }
    checkLength(id, points.length, options.minLength ?? 1, file);
    return { id, timestamps: points.map((p) => p.timestamp), values: Float64Array.from(points, (p) => p.value) };
  });
}
