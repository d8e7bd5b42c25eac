import { foldOrigins, rollingOriginFolds, seriesFolds, splitFold } from './folds';

describe('rolling-origin folds', () => {
  const series = Array.from({ length: 10 }, (_, i) => i * 10);

  it('places the last test window at the end of the series and steps origins back by `step`', () => {
    // n = 10, horizon 2, 3 folds, step 3: last origin 10 − 2 = 8, then 5, then 2
    expect(foldOrigins(10, { horizon: 2, folds: 3, step: 3 })).toEqual([2, 5, 8]);
  });

  it('defaults the step to the horizon so test windows tile the end of the series', () => {
    expect(foldOrigins(10, { horizon: 2, folds: 3 })).toEqual([4, 6, 8]);
  });

  it('splits each fold into everything before the origin and the next `horizon` values', () => {
    const folds = rollingOriginFolds(series, { horizon: 2, folds: 2, step: 1 });
    expect(folds).toEqual([
      { index: 0, origin: 7, train: [0, 10, 20, 30, 40, 50, 60], test: [70, 80] },
      { index: 1, origin: 8, train: [0, 10, 20, 30, 40, 50, 60, 70], test: [80, 90] },
    ]);
  });

  it('hands out copies, so the future cannot be reached through the training array', () => {
    const source = Float64Array.from(series);
    const [fold] = rollingOriginFolds(source, { horizon: 2, folds: 1 });
    expect(Array.isArray(fold.train)).toBe(true);
    expect(fold.train).toHaveLength(8);
    source[0] = -1;
    expect(fold.train[0]).toBe(0);
  });

  it('rejects a series too short for the requested folds, saying how long it must be', () => {
    // horizon 4 + 2 steps of 3 = 10 values after the first origin, which needs ≥ 1 training value: 11
    expect(() => rollingOriginFolds(series, { horizon: 4, folds: 3, step: 3 })).toThrow(
      'backtest: a series of 10 values is too short for 3 folds of horizon 4 with step 3 (needs at least 11)',
    );
  });

  it('rejects non-positive or fractional horizon, folds and step', () => {
    expect(() => foldOrigins(10, { horizon: 0, folds: 1 })).toThrow('backtest: horizon must be a positive integer, got 0');
    expect(() => foldOrigins(10, { horizon: 1, folds: 1.5 })).toThrow('backtest: folds must be a positive integer, got 1.5');
    expect(() => foldOrigins(10, { horizon: 1, folds: 1, step: -1 })).toThrow('backtest: step must be a positive integer, got -1');
  });
});

describe('rolling-origin folds of many series', () => {
  it('puts every series\' window at its k-th origin into fold k, origins counted back from each series\' own end', () => {
    const folds = seriesFolds(
      [
        { key: 'long', values: [1, 2, 3, 4, 5, 6] },
        { key: 'short', values: [10, 20, 30, 40] },
      ],
      { horizon: 1, folds: 2 },
    );
    expect(folds).toEqual([
      {
        index: 0,
        windows: [
          { key: 'long', history: [1, 2, 3, 4], actual: [5] },
          { key: 'short', history: [10, 20], actual: [30] },
        ],
      },
      {
        index: 1,
        windows: [
          { key: 'long', history: [1, 2, 3, 4, 5], actual: [6] },
          { key: 'short', history: [10, 20, 30], actual: [40] },
        ],
      },
    ]);
  });

  it('names a series too short for the folds, and rejects bad options once, without naming a series', () => {
    const series = [
      { key: 'a', values: [1, 2, 3, 4, 5] },
      { key: 'b', values: [1, 2] },
    ];
    expect(() => seriesFolds(series, { horizon: 2, folds: 1 })).toThrow(
      'backtest: series b is too short: a series of 2 values is too short for 1 folds of horizon 2 with step 2 (needs at least 3)',
    );
    expect(() => seriesFolds(series, { horizon: 0, folds: 1 })).toThrow(/^backtest: horizon must be a positive integer, got 0$/);
  });
});

describe('fixed-split fold', () => {
  const values = Array.from({ length: 12 }, (_, i) => i);

  it('trains on the values before trainEnd and forecasts every step-th origin from testStart whose horizon ends by testEnd, from all the values before it', () => {
    const fold = splitFold([{ key: 'a', values, trainEnd: 4, testStart: 6, testEnd: 11 }], { horizon: 2, step: 1 });
    expect(fold.training?.map((part) => Array.from(part))).toEqual([[0, 1, 2, 3]]);
    expect(fold.windows.map(({ history, actual }) => [history.length, Array.from(actual)])).toEqual([
      [6, [6, 7]],
      [7, [7, 8]],
      [8, [8, 9]],
      [9, [9, 10]],
    ]);
    expect(fold.windows.every((window) => window.key === 'a')).toBe(true);
  });

  it('steps origins by the horizon by default, series by series', () => {
    const fold = splitFold(
      [
        { key: 'a', values, trainEnd: 4, testStart: 4, testEnd: 12 },
        { key: 'b', values: values.slice(0, 8), trainEnd: 4, testStart: 4, testEnd: 8 },
      ],
      { horizon: 4 },
    );
    expect(fold.windows.map(({ key, history }) => `${key}@${history.length}`)).toEqual(['a@4', 'a@8', 'b@4']);
  });

  it('names a series whose boundaries leave no window', () => {
    expect(() => splitFold([{ key: 'a', values, trainEnd: 8, testStart: 6, testEnd: 12 }], { horizon: 2 })).toThrow(
      'backtest: series a: a split with training end 8, test start 6 and test end 12 leaves no window of horizon 2 in 12 values',
    );
    expect(() => splitFold([{ key: 'a', values, trainEnd: 4, testStart: 11, testEnd: 12 }], { horizon: 2 })).toThrow(/series a/);
  });
});
