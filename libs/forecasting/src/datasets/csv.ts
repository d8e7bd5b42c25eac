import { readFileSync } from 'node:fs';
import { DatasetError } from './dataset-error';

/** One data row: its 1-based line number in the file and its cells with surrounding double quotes removed. */
export interface CsvRow {
  readonly line: number;
  readonly cells: string[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: string[];
  readonly rows: CsvRow[];
}

/** Removes one pair of surrounding double quotes. The formats read here never quote commas or quotes. */
function unquote(cell: string): string {
  return cell.length >= 2 && cell.charCodeAt(0) === 34 && cell.charCodeAt(cell.length - 1) === 34 ? cell.slice(1, -1) : cell;
}

function splitCells(line: string): string[] {
  return line.split(',').map(unquote);
}

/** Reads a small CSV file synchronously: a header line, then data rows; blank lines are skipped. */
export function readCsv(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(error)})`, file);
  }
  const lines = text.split('\n');
  const header = splitCells(lines[0].replace(/\r$/, '').replace(/^\uFEFF/, ''));
  if (header.length === 1 && header[0] === '') throw new DatasetError('file is empty (no header line)', file);
  const rows: CsvRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.length > 0) rows.push({ line: i + 1, cells: splitCells(line) });
  }
  return { file, header, rows };
}

/** The cells of a row that must have exactly one cell per header column. */
export function fullRow(table: CsvTable, { line, cells }: CsvRow): string[] {
  if (cells.length !== table.header.length) {
    throw new DatasetError(`expected ${table.header.length} cells, found ${cells.length}`, table.file, line);
  }
  return cells;
}

/** Parses one numeric cell; anything but a finite decimal number is a DatasetError naming the file and line. */
export function parseNumber(cell: string, file: string, line: number, column: string): number {
  const value = Number(cell);
  if (!Number.isFinite(value) || (value === 0 && cell.trim() === '')) throw new DatasetError(`malformed number "${cell}" in column ${column}`, file, line);
  return value;
}

/** The error for a column name the file does not have, listing those it has. */
export function unknownColumn(name: string, columns: readonly string[], file: string): DatasetError {
  return new DatasetError(`unknown column "${name}" (columns: ${columns.join(', ')})`, file);
}

/** Index of `name` in the header, or a DatasetError listing the columns that exist. */
export function columnIndex(table: CsvTable, name: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) throw unknownColumn(name, table.header, table.file);
  return index;
}

/** Throws unless a series has at least `minLength` values. */
export function checkLength(id: string, length: number, minLength: number, file: string, line?: number): void {
  if (length < minLength) throw new DatasetError(`series ${id} is too short (length ${length}, at least ${minLength} required)`, file, line);
}
