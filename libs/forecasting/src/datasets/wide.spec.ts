import { join } from 'node:path';
import { DatasetError } from './dataset-error';
import { DATA_DIR, scratchDirectory } from './test-files';
import { readWideCsv, type WideTable } from './wide';

describe('readWideCsv on ETTh1', () => {
  const file = join(DATA_DIR, 'ett/ETTh1.csv');
  let table: WideTable;
  beforeAll(() => {
    table = readWideCsv(file);
  });

  it('reads 17420 hourly rows with their dates', () => {
    expect(table.dates).toHaveLength(17420);
    expect(table.dates[0]).toBe('2016-07-01 00:00:00');
    expect(table.dates[17419]).toBe('2018-06-26 19:00:00');
  });

  it('gives one Float64Array per numeric column, in file order', () => {
    expect(table.names).toEqual(['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT']);
    for (const name of table.names) expect(table.columns.get(name)).toHaveLength(17420);
  });

  it('picks the target column by name', () => {
    const ot = table.target('OT');
    expect(ot).toBeInstanceOf(Float64Array);
    expect(ot[0]).toBeCloseTo(30.5310001373291, 12);
    expect(table.target('HUFL')[1]).toBeCloseTo(5.692999839782715, 12);
  });

  it('an unknown target is a DatasetError listing the columns', () => {
    expect(() => table.target('XX')).toThrow(DatasetError);
    expect(() => table.target('XX')).toThrow(`${file}: unknown column "XX" (columns: HUFL, HULL, MUFL, MULL, LUFL, LULL, OT)`);
  });
});

describe('readWideCsv errors', () => {
  const scratch = scratchDirectory();
  afterAll(scratch.remove);

  it('a missing date column is an unknown column', () => {
    const file = scratch.write('no-date.csv', 'time,a\n1,2\n');
    expect(() => readWideCsv(file)).toThrow(`${file}: unknown column "date" (columns: time, a)`);
    expect(readWideCsv(file, { dateColumn: 'time' }).target('a')).toEqual(Float64Array.from([2]));
  });

  it('a malformed number names the file, line and column', () => {
    const file = scratch.write('bad.csv', 'date,a,b\n2020-01-01,1,2\n2020-01-02,3,NaN\n');
    expect(() => readWideCsv(file)).toThrow(`${file}:3: malformed number "NaN" in column b`);
  });

  it('a row with the wrong number of cells is rejected with its line', () => {
    const file = scratch.write('ragged.csv', 'date,a,b\r\n2020-01-01,1,2\r\n2020-01-02,3\r\n');
    expect(() => readWideCsv(file)).toThrow(`${file}:3: expected 3 cells, found 2`);
  });

  it('an empty file is rejected', () => {
    const file = scratch.write('empty.csv', '');
    expect(() => readWideCsv(file)).toThrow(`${file}: file is empty (no header line)`);
  });
});
