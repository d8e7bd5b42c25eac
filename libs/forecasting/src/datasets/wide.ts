import { columnIndex, fullRow, parseNumber, readCsv, unknownColumn } from './csv';

/** A "wide" table such as ETTh1.csv: one date column and one numeric column per variable. */
export interface WideTable {
  readonly file: string;
  readonly dates: string[];
  /** Numeric column names in file order. */
  readonly names: string[];
  readonly columns: ReadonlyMap<string, Float64Array>;
  /** The column called `name`; a DatasetError for an unknown name. */
  target(name: string): Float64Array;
}

export interface WideReadOptions {
  /** Name of the date column (default "date"). */
  readonly dateColumn?: string;
}

/** Reads a wide CSV (e.g. ETTh1.csv: date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT) into one Float64Array per column. */
export function readWideCsv(file: string, options: WideReadOptions = {}): WideTable {
  const table = readCsv(file);
  const dateIndex = columnIndex(table, options.dateColumn ?? 'date');
  const names = table.header.filter((_, c) => c !== dateIndex);
  const values = names.map(() => new Float64Array(table.rows.length));
  const dates = new Array<string>(table.rows.length);
  table.rows.forEach((row, r) => {
    const cells = fullRow(table, row);
    dates[r] = cells[dateIndex];
    for (let c = 0, v = 0; c < cells.length; c++) {
      if (c !== dateIndex) values[v++][r] = parseNumber(cells[c], file, row.line, table.header[c]);
    }
  });
  const columns = new Map(names.map((name, v) => [name, values[v]]));
  return {
    file,
    dates,
    names,
    columns,
    target(name) {
      const column = columns.get(name);
      if (column === undefined) throw unknownColumn(name, names, file);
      return column;
    },
  };
}
