import { normalBandQuantile, normalQuantile } from './normal-band';

describe('quantile band from the holdout RMSE', () => {
  it('normalQuantile matches tabulated standard normal quantiles', () => {
    const table: [number, number][] = [[0.5, 0], [0.8413447, 1], [0.9, 1.2815516], [0.975, 1.959964], [0.01, -2.3263479], [0.999, 3.0902323]];
    for (const [p, z] of table) expect(normalQuantile(p)).toBeCloseTo(z, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it('places each level at value + z·rmse, symmetric around the point forecast', () => {
    const band = Object.fromEntries([0.1, 0.5, 0.9].map((level) => [String(level), normalBandQuantile(10, level, 2)]));
    expect(band['0.5']).toBeCloseTo(10, 12);
    expect(band['0.9'] - 10).toBeCloseTo(10 - band['0.1'], 12);
    expect(band['0.9']).toBeCloseTo(10 + 2 * 1.2815516, 5);
  });
});
