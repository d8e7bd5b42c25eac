import { drift, driftForecast, naive, naiveForecast, seasonalNaive, seasonalNaiveForecast, seasonalNaiveMethod } from './naive';

describe('naive baselines', () => {
  it('naive repeats the last value', () => {
    expect(naiveForecast([1, 2, 3], 2)).toEqual([3, 3]);
  });

  it('seasonal naive repeats the last season in phase: [4, 5] continued → 4, 5, 4', () => {
    expect(seasonalNaiveForecast([1, 2, 3, 4, 5], 3, 2)).toEqual([4, 5, 4]);
  });

  it('drift extends the line from the first to the last value: slope (7 − 1)/2 = 3 → 10, 13', () => {
    expect(driftForecast(Float64Array.from([1, 3, 7]), 2)).toEqual([10, 13]);
  });

  it('fit keeps a copy of the training series, predict forecasts after it', () => {
    const train = [1, 2, 3];
    const model = naive();
    model.fit(train);
    train.push(100);
    expect(model.predict(2)).toEqual([3, 3]);
    expect(model.predictFrom([7, 8], 1)).toEqual([8]);
  });

  it('predict before fit is an error', () => {
    expect(() => drift().predict(1)).toThrow('drift: predict() called before fit()');
  });

  it('rejects a bad horizon, a bad season and an empty history', () => {
    expect(() => naiveForecast([1], 0)).toThrow('naive: horizon must be a positive integer, got 0');
    expect(() => naiveForecast([], 1)).toThrow('naive: history is too short (length 0, at least 1 required)');
    expect(() => seasonalNaiveForecast([1, 2], 1, 0)).toThrow('seasonalNaive: season must be a positive integer, got 0');
    expect(() => seasonalNaive(1.5)).toThrow('seasonalNaive: season must be a positive integer, got 1.5');
    expect(() => seasonalNaiveForecast([], 1, 3)).toThrow('seasonalNaive: history is too short (length 0, at least 1 required)');
    expect(() => driftForecast([], 1)).toThrow('drift: history is too short (length 0, at least 1 required)');
  });

  it('seasonal naive on less than one season of history is naive, and says so', () => {
    expect(seasonalNaiveForecast([1, 2], 3, 3)).toEqual([2, 2, 2]);
    const model = seasonalNaive(3);
    expect(model.minHistory).toBe(3);
    expect(model.predictFrom([1, 2], 2)).toEqual([2, 2]);
    expect([model.methodFor([1, 2]), model.methodFor([1, 2, 3])]).toEqual(['naive', 'seasonalNaive']);
    expect([seasonalNaiveMethod([1, 2], 3), seasonalNaiveMethod([1, 2, 3], 3)]).toEqual(['naive', 'seasonalNaive']);
  });

  it('drift on a single value is naive, and says so', () => {
    expect(driftForecast([7], 2)).toEqual([7, 7]);
    const model = drift();
    expect(model.minHistory).toBe(2);
    expect([model.methodFor([7]), model.methodFor([7, 8])]).toEqual(['naive', 'drift']);
  });

  it('naive forecasts any history of one value or more with its own method', () => {
    const model = naive();
    expect(model.minHistory).toBe(1);
    expect(model.predictFrom([5], 3)).toEqual([5, 5, 5]);
    expect(model.methodFor([5])).toBe('naive');
  });

  it('baselines made by a factory forecast through predict and predictFrom alike', () => {
    const model = seasonalNaive(2);
    model.fit([1, 2, 3, 4]);
    expect(model.predict(3)).toEqual(model.predictFrom([1, 2, 3, 4], 3));
  });
});
