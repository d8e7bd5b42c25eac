import { join } from 'node:path';
import { DatasetError } from './dataset-error';
import { m4FileFrequency, readM4, type M4Series } from './m4';
import { DATA_DIR, scratchDirectory } from './test-files';

const trainFile = join(DATA_DIR, 'm4/Hourly-train.csv');
const testFile = join(DATA_DIR, 'm4/Hourly-test.csv');

describe('readM4 on the real M4 Hourly files', () => {
  let series: M4Series[];
  beforeAll(() => {
    series = readM4(trainFile, testFile);
  });

  it('reads all 414 hourly series in file order', () => {
    expect(series).toHaveLength(414);
    expect(series[0].id).toBe('H1');
    expect(series[413].id).toBe('H414');
  });

  it('drops the empty padding cells: training series have 700 or 960 values', () => {
    const lengths = new Map<number, number>();
    for (const { train } of series) lengths.set(train.length, (lengths.get(train.length) ?? 0) + 1);
    expect(Object.fromEntries(lengths)).toEqual({ 700: 169, 960: 245 });
  });

  it('pairs every series with its 48 test values by id', () => {
    expect(series.every(({ test }) => test?.length === 48)).toBe(true);
    expect(series[0].train.slice(0, 3)).toEqual([605, 586, 586]);
    expect(series[0].test?.slice(0, 3)).toEqual([619, 565, 532]);
  });

  it('reads the training file alone without test values', () => {
    const trainOnly = readM4(trainFile);
    expect(trainOnly).toHaveLength(414);
    expect(trainOnly[0].test).toBeUndefined();
  });
});

describe('readM4 errors', () => {
  const scratch = scratchDirectory();
  afterAll(scratch.remove);
  const header = '"V1","V2","V3","V4"\n';

  it('a missing file is a DatasetError naming the file', () => {
    const missing = join(DATA_DIR, 'm4/Nope-train.csv');
    expect(() => readM4(missing)).toThrow(DatasetError);
    expect(() => readM4(missing)).toThrow(`${missing}: file not found`);
  });

  it('a malformed number names the file, line and column', () => {
    const file = scratch.write('bad-number.csv', `${header}"H1","1","2",\n"H2","3","x4",\n`);
    expect(() => readM4(file)).toThrow(`${file}:3: malformed number "x4" in column V3`);
  });

  it('a gap before the end of a row is a malformed number, not a shorter series', () => {
    const file = scratch.write('gap.csv', `${header}"H1","1",,"3"\n`);
    expect(() => readM4(file)).toThrow(`${file}:2: malformed number "" in column V3`);
  });

  it('a series shorter than minLength is rejected with its line', () => {
    const file = scratch.write('short.csv', `${header}"H1","1","2","3"\n"H2","1",,\n`);
    expect(() => readM4(file, undefined, { minLength: 2 })).toThrow(`${file}:3: series H2 is too short (length 1, at least 2 required)`);
    expect(() => readM4(scratch.write('empty-row.csv', `${header}"H1",,,\n`))).toThrow('series H1 is too short (length 0, at least 1 required)');
  });

  it('test and training files must hold the same ids', () => {
    const train = scratch.write('train.csv', `${header}"H1","1","2","3"\n"H2","4","5","6"\n`);
    const extra = scratch.write('test-extra.csv', `"V1","V2"\n"H1","7"\n"H2","8"\n"H3","9"\n`);
    const missing = scratch.write('test-missing.csv', `"V1","V2"\n"H1","7"\n`);
    expect(() => readM4(train, extra)).toThrow(`${extra}:4: series H3 is not in the training file ${train}`);
    expect(() => readM4(train, missing)).toThrow(`${train}:3: series H2 has no test values in ${missing}`);
  });

  it('a duplicate id is rejected', () => {
    const file = scratch.write('duplicate.csv', `${header}"H1","1"\n"H1","2"\n`);
    expect(() => readM4(file)).toThrow(`${file}:3: duplicate series id H1`);
  });
});

describe('m4FileFrequency', () => {
  it('reads the frequency of an M4 file from its name, and none from any other name', () => {
    expect(m4FileFrequency(join(DATA_DIR, 'm4/Hourly-train.csv'))).toEqual({ count: 1, unit: 'h' });
    expect(['Daily-test.csv', 'weekly-train.csv', 'Monthly-train.csv', 'Quarterly-test.csv', 'Yearly-train.csv'].map(m4FileFrequency)).toEqual([
      { count: 1, unit: 'd' },
      { count: 1, unit: 'w' },
      { count: 1, unit: 'M' },
      { count: 1, unit: 'Q' },
      { count: 1, unit: 'Y' },
    ]);
    expect(m4FileFrequency('/data/Hourly.csv')).toBeUndefined();
    expect(m4FileFrequency('/data/my-series.csv')).toBeUndefined();
  });
});
