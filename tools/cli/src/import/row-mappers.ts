import { labelsSchema, seriesKeySchema, type Labels } from '@tsf/contracts';
import { UsageError } from '../backtest/options';
import { fromSchema, parseTimestampCell, parseValueCell, type CellResult } from './cells';
import type { WallClockZone } from './time-zone';

export const IMPORT_FORMATS = ['long', 'wide'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The columns of a long file: one point per row; `labels` (a JSON object, optional) is given to the series. */
const LONG_COLUMNS = { required: ['series', 'ts', 'value'], optional: ['labels'] } as const;

export interface RowPoint {
  series: string;
  labels?: Labels;
  ts: number;
  value: number;
}

/** A row's points and its empty (missing) value cells, or the reason the row is bad. */
export type RowResult = { ok: true; points: RowPoint[]; missing: number } | { ok: false; reason: string };

export interface RowMapper {
  readonly format: ImportFormat;
  map(cells: string[], line: number): RowResult;
}

export interface LayoutOptions {
  format?: ImportFormat;
  timeColumn?: string;
  seriesPrefix?: string;
  columns?: string[];
  zone: WallClockZone;
}

/** The mapper for a file's header: long when asked, or when the header has series, ts and value; wide otherwise. */
export function createRowMapper(header: string[], options: LayoutOptions): RowMapper {
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) throw new UsageError(`the header names column "${duplicate}" twice`);
  const format = options.format ?? (LONG_COLUMNS.required.every((name) => header.includes(name)) ? 'long' : 'wide');
  if (format === 'wide') return new WideRowMapper(header, options);
  const wideOnly = (['timeColumn', 'seriesPrefix', 'columns'] as const).find((option) => options[option] !== undefined);
  if (wideOnly !== undefined) throw new UsageError(`--${kebab(wideOnly)} applies to wide files only, and this one is long (series,ts,value)`);
  return new LongRowMapper(header, options.zone);
}

class LongRowMapper implements RowMapper {
  readonly format = 'long';
  private readonly series: number;
  private readonly ts: number;
  private readonly value: number;
  private readonly labels: number;
  private readonly validKeys = new Set<string>();
  /** The labels each series was first given, so a row that gives others is reported rather than silently ignored. */
  private readonly firstLabels = new Map<string, { canonical: string; line: number }>();

  constructor(
    private readonly header: string[],
    private readonly zone: WallClockZone,
  ) {
    const allowed: readonly string[] = [...LONG_COLUMNS.required, ...LONG_COLUMNS.optional];
    const missing = LONG_COLUMNS.required.filter((name) => !header.includes(name));
    const unknown = header.filter((name) => !allowed.includes(name));
    if (missing.length > 0 || unknown.length > 0) {
      const problems = [missing.length > 0 ? `no column ${missing.join(', ')}` : '', unknown.length > 0 ? `unknown column ${unknown.join(', ')}` : ''];
      throw new UsageError(`a long file has the columns series,ts,value and optionally labels: ${problems.filter(Boolean).join('; ')}`);
    }
    [this.series, this.ts, this.value, this.labels] = ['series', 'ts', 'value', 'labels'].map((name) => header.indexOf(name));
  }

  map(cells: string[], line: number): RowResult {
    if (cells.length !== this.header.length) return cellCountMismatch(this.header, cells);
    const series = this.seriesKey(cells[this.series]);
    if (!series.ok) return series;
    const ts = parseTimestampCell(cells[this.ts], this.zone);
    if (!ts.ok) return ts;
    const value = parseValueCell(cells[this.value]);
    if (!value.ok) return value;
    const labels = this.labels < 0 || cells[this.labels] === '' ? undefined : this.seriesLabels(series.value, cells[this.labels], line);
    if (labels?.ok === false) return labels;
    return { ok: true, points: [{ series: series.value, labels: labels?.value, ts: ts.value, value: value.value }], missing: 0 };
  }

  private seriesKey(cell: string): CellResult<string> {
    if (this.validKeys.has(cell)) return { ok: true, value: cell };
    const key = fromSchema(seriesKeySchema.safeParse(cell));
    if (!key.ok) return { ok: false, reason: `series key ${JSON.stringify(cell)}: ${key.reason}` };
    this.validKeys.add(cell);
    return key;
  }

  private seriesLabels(series: string, cell: string, line: number): CellResult<Labels> {
    let json: unknown;
    try {
      json = JSON.parse(cell);
    } catch {
      return { ok: false, reason: `labels ${JSON.stringify(cell)} are not JSON` };
    }
    const labels = fromSchema(labelsSchema.safeParse(json));
    if (!labels.ok) return { ok: false, reason: `labels: ${labels.reason}` };
    const canonical = JSON.stringify(Object.entries(labels.value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const first = this.firstLabels.get(series);
    if (first === undefined) this.firstLabels.set(series, { canonical, line });
    else if (first.canonical !== canonical) return { ok: false, reason: `labels of series ${series} differ from those on line ${first.line}` };
    return labels;
  }
}

class WideRowMapper implements RowMapper {
  readonly format = 'wide';
  private readonly time: number;
  private readonly targets: { index: number; column: string; series: string }[];

  constructor(
    private readonly header: string[],
    private readonly options: LayoutOptions,
  ) {
    const known = (name: string, flag: string) => {
      if (!header.includes(name)) throw new UsageError(`${flag}: unknown column "${name}" (columns: ${header.join(', ')})`);
      return name;
    };
    const timeColumn = options.timeColumn === undefined ? header[0] : known(options.timeColumn, '--time-column');
    this.time = header.indexOf(timeColumn);
    const chosen = options.columns?.map((name) => known(name, '--columns')) ?? header.filter((name) => name !== timeColumn);
    if (chosen.includes(timeColumn)) throw new UsageError(`--columns: "${timeColumn}" is the time column`);
    if (chosen.length === 0) throw new UsageError(`a wide file needs a value column besides the time column "${timeColumn}"`);
    this.targets = chosen.map((column) => {
      const series = `${options.seriesPrefix ?? ''}${column}`;
      const key = fromSchema(seriesKeySchema.safeParse(series));
      if (!key.ok) throw new UsageError(`column "${column}" would be series ${JSON.stringify(series)}, not a valid series key: ${key.reason}`);
      return { index: header.indexOf(column), column, series };
    });
  }

  map(cells: string[]): RowResult {
    if (cells.length !== this.header.length) return cellCountMismatch(this.header, cells);
    const ts = parseTimestampCell(cells[this.time], this.options.zone);
    if (!ts.ok) return ts;
    const points: RowPoint[] = [];
    let missing = 0;
    for (const { index, column, series } of this.targets) {
      // an empty cell is a missing observation (how pandas writes NaN), not a bad row
      if (cells[index] === '') {
        missing++;
        continue;
      }
      const value = parseValueCell(cells[index]);
      if (!value.ok) return { ok: false, reason: `column ${column}: ${value.reason}` };
      points.push({ series, ts: ts.value, value: value.value });
    }
    return { ok: true, points, missing };
  }
}

function cellCountMismatch(header: string[], cells: string[]): RowResult {
  return { ok: false, reason: `expected ${header.length} cells, found ${cells.length}` };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
