import { basename } from 'node:path';
import { type Frequency, parseFrequency } from '../time';
import { checkLength, parseNumber, readCsv } from './csv';
import { DatasetError } from './dataset-error';

/** The frequency of each M4 data set, by the name its files start with. */
const M4_FREQUENCIES: Readonly<Record<string, string>> = { hourly: '1h', daily: '1d', weekly: '1w', monthly: '1M', quarterly: '1Q', yearly: '1Y' };

/** The frequency of an M4 file from its name (`Hourly-train.csv` → 1h); undefined for any other name. */
export function m4FileFrequency(file: string): Frequency | undefined {
  const match = /^(hourly|daily|weekly|monthly|quarterly|yearly)-(train|test)\.csv$/i.exec(basename(file));
  return match === null ? undefined : parseFrequency(M4_FREQUENCIES[match[1].toLowerCase()]);
}

export interface M4Series {
  readonly id: string;
  readonly train: number[];
  readonly test?: number[];
}

export interface M4ReadOptions {
  /** Shortest training series accepted (default 1). */
  readonly minLength?: number;
}

/** Reads an M4 file: each row is an id then values, padded with empty cells at the end to the longest row. */
function readM4File(file: string, minLength: number): Map<string, { values: number[]; line: number }> {
  const table = readCsv(file);
  const series = new Map<string, { values: number[]; line: number }>();
  for (const { line, cells } of table.rows) {
    const id = cells[0];
    if (series.has(id)) throw new DatasetError(`duplicate series id ${id}`, file, line);
    let end = cells.length;
    while (end > 1 && cells[end - 1] === '') end--;
    const values = new Array<number>(end - 1);
    for (let c = 1; c < end; c++) values[c - 1] = parseNumber(cells[c], file, line, table.header[c] ?? `#${c + 1}`);
    checkLength(id, values.length, minLength, file, line);
    series.set(id, { values, line });
  }
  return series;
}

/**
 * Reads M4 competition CSVs (e.g. Hourly-train.csv and Hourly-test.csv). With a test file every training series
 * gets its test values, matched by id; a series present in only one of the files is an error.
 */
export function readM4(trainFile: string, testFile?: string, options: M4ReadOptions = {}): M4Series[] {
  const minLength = options.minLength ?? 1;
  const train = readM4File(trainFile, minLength);
  if (testFile === undefined) return [...train].map(([id, { values }]) => ({ id, train: values }));
  const test = readM4File(testFile, 1);
  for (const [id, { line }] of test) {
    if (!train.has(id)) throw new DatasetError(`series ${id} is not in the training file ${trainFile}`, testFile, line);
  }
  return [...train].map(([id, { values, line }]) => {
    const future = test.get(id);
    if (future === undefined) throw new DatasetError(`series ${id} has no test values in ${testFile}`, trainFile, line);
    return { id, train: values, test: future.values };
  });
}
