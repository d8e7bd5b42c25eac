import { join } from 'node:path';
import { ETT_HOURLY_SPLIT, ettHourlySplit } from './ett';
import { DATA_DIR } from './test-files';
import { readWideCsv } from './wide';

const mean = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0) / values.length;
const std = (values: Float64Array) => Math.sqrt(values.reduce((sum, v) => sum + (v - mean(values)) ** 2, 0) / values.length);

describe('ETTh1 standard split', () => {
  let ot: Float64Array;
  beforeAll(() => {
    ot = readWideCsv(join(DATA_DIR, 'ett/ETTh1.csv')).target('OT');
  });

  it('takes 12 months of train, then 4 of validation and 4 of test (30-day months, hourly)', () => {
    expect(ETT_HOURLY_SPLIT).toEqual({ train: 8640, validation: 2880, test: 2880 });
    const split = ettHourlySplit(ot);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([8640, 2880, 2880]);
  });

  it('z-scores every part by the training statistics only', () => {
    const split = ettHourlySplit(ot);
    expect(split.mean).toBeCloseTo(mean(ot.subarray(0, 8640)), 9);
    expect(mean(split.train)).toBeCloseTo(0, 9);
    expect(std(split.train)).toBeCloseTo(1, 9);
    expect(split.validation[0]).toBeCloseTo((ot[8640] - split.mean) / split.std, 12);
    expect(split.test[2879]).toBeCloseTo((ot[14399] - split.mean) / split.std, 12);
  });

  it('prepends `lookback` rows of context to validation and test', () => {
    const plain = ettHourlySplit(ot);
    const split = ettHourlySplit(ot, { lookback: 96 });
    expect(split.validation).toHaveLength(2976);
    expect(split.validation.subarray(96)).toEqual(plain.validation);
    expect(split.test.subarray(0, 96)).toEqual(plain.validation.subarray(2880 - 96));
  });

  it('rejects a series shorter than the 14400 rows the split needs, and a bad lookback', () => {
    expect(() => ettHourlySplit(ot.subarray(0, 14399))).toThrow('ETT hourly split needs 14400 rows, got 14399');
    expect(() => ettHourlySplit(ot, { lookback: -1 })).toThrow('lookback must be an integer in [0, 8640], got -1');
  });

  it('refuses to z-score a constant training part', () => {
    expect(() => ettHourlySplit(new Float64Array(14400).fill(3))).toThrow('ETT hourly split: the training part is constant, cannot z-score');
  });
});
