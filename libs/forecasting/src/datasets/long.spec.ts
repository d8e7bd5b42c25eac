import { DatasetError } from './dataset-error';
import { readLongCsv } from './long';
import { scratchDirectory } from './test-files';

describe('readLongCsv', () => {
  const scratch = scratchDirectory();
  afterAll(scratch.remove);

  it('groups rows by series in order of first appearance and sorts each by time', () => {
    const file = scratch.write(
      'long.csv',
      [
        'series,timestamp,value',
        'b,2024-01-01T02:00:00Z,20',
        'a,2024-01-01T01:00:00Z,1.5',
        'b,2024-01-01T00:00:00Z,10',
        'a,2024-01-01T00:00:00Z,0.5',
        'b,2024-01-01T01:00:00Z,15',
      ].join('\n'),
    );
    expect(readLongCsv(file)).toEqual([
      { id: 'b', timestamps: ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z'], values: Float64Array.from([10, 15, 20]) },
      { id: 'a', timestamps: ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z'], values: Float64Array.from([0.5, 1.5]) },
    ]);
  });

  it('sorts numeric timestamps numerically, not as text', () => {
    const file = scratch.write('epoch.csv', 'value,series,timestamp\n3,x,100\n1,x,9\n2,x,20\n');
    expect(Array.from(readLongCsv(file)[0].values)).toEqual([1, 2, 3]);
  });

  it('reads other column names when told', () => {
    const file = scratch.write('named.csv', 'id,ts,y\nx,1,5\n');
    expect(readLongCsv(file, { seriesColumn: 'id', timestampColumn: 'ts', valueColumn: 'y' })[0].values).toEqual(Float64Array.from([5]));
  });

  it('an unknown column is a DatasetError listing the columns', () => {
    const file = scratch.write('columns.csv', 'series,time,value\nx,1,5\n');
    expect(() => readLongCsv(file)).toThrow(DatasetError);
    expect(() => readLongCsv(file)).toThrow(`${file}: unknown column "timestamp" (columns: series, time, value)`);
  });

  it('a malformed value or timestamp names the line', () => {
    const value = scratch.write('value.csv', 'series,timestamp,value\nx,1,5\nx,2,5..0\n');
    const time = scratch.write('time.csv', 'series,timestamp,value\nx,yesterday,5\n');
    expect(() => readLongCsv(value)).toThrow(`${value}:3: malformed number "5..0" in column value`);
    expect(() => readLongCsv(time)).toThrow(`${time}:2: malformed timestamp "yesterday"`);
  });

  it('a timestamp repeated within a series is rejected with both lines', () => {
    const file = scratch.write('repeat.csv', 'series,timestamp,value\nx,1,5\ny,1,5\nx,1,6\n');
    expect(() => readLongCsv(file)).toThrow(`${file}:4: series x repeats timestamp 1 (first on line 2)`);
  });

  it('a series shorter than minLength is rejected', () => {
    const file = scratch.write('short.csv', 'series,timestamp,value\nx,1,5\nx,2,6\ny,1,7\n');
    expect(() => readLongCsv(file, { minLength: 2 })).toThrow(`${file}: series y is too short (length 1, at least 2 required)`);
  });
});
