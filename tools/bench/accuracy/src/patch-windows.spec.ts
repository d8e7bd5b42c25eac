import { addLevels, levelledWindows } from './patch-windows';

describe('accuracy bench › levelled patch windows', () => {
  const series = [Float64Array.from({ length: 12 }, (_, t) => 100 + t)];
  const layout = { tokens: 2, patch: 3, horizon: 2, levelSpan: 3 };

  it('shows each window minus the mean of its last levelSpan inputs, patches newest first', () => {
    const { windows, levels } = levelledWindows(series, [{ series: 0, origin: 8 }], layout);
    // lookback 102..107, level = mean(105, 106, 107) = 106; patches [102,103,104] and [105,106,107] reversed
    expect(levels[0]).toBe(106);
    expect(Array.from(windows.inputs)).toEqual([-2, -3, -4, 1, 0, -1]);
    expect(Array.from(windows.targets)).toEqual([2, 3]);
    expect(windows).toMatchObject({ count: 1, lookback: 2, features: 3, horizon: 2 });
  });

  it('puts the last observed value in feature 0 of the last step (where a seq2seq decoder starts)', () => {
    const { windows, levels } = levelledWindows(series, [{ series: 0, origin: 12 }], layout);
    const lastStep = windows.inputs.subarray((windows.lookback - 1) * windows.features);
    expect(lastStep[0] + levels[0]).toBe(111);
  });

  it('leaves the targets of a forecast window past the end of the series at zero', () => {
    const { windows } = levelledWindows(series, [{ series: 0, origin: 11 }], layout);
    expect(Array.from(windows.targets)).toEqual([111 - 109, 0]);
  });

  it('refuses a window without a full lookback', () => {
    expect(() => levelledWindows(series, [{ series: 0, origin: 5 }], layout)).toThrow(RangeError);
  });

  it('adds each window level back to the model outputs', () => {
    const forecasts = addLevels(Float32Array.from([1, 2, -1, 0]), Float64Array.from([10, 20]), 2);
    expect(forecasts.map((f) => Array.from(f))).toEqual([
      [11, 12],
      [19, 20],
    ]);
  });
});
