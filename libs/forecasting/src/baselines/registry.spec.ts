import { isGlobalBaseline } from './baseline';
import { baselines } from './registry';

describe('baseline registry', () => {
  const series = Array.from({ length: 24 * 20 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 24) + t / 10);

  it.each(Object.keys(baselines))('%s is built from season and horizon, named after its key, and forecasts the horizon', (name) => {
    const model = baselines[name]({ season: 24, horizon: 48 });
    expect(model.name).toBe(name);
    model.fit(series);
    const forecast = model.predict(48);
    expect(forecast).toHaveLength(48);
    expect(forecast.every(Number.isFinite)).toBe(true);
  });

  it('only dlinear can be fitted globally over many series', () => {
    const global = Object.keys(baselines).filter((name) => isGlobalBaseline(baselines[name]({ season: 24, horizon: 48 })));
    expect(global).toEqual(['dlinear']);
  });

  it('offers the M4 benchmarks and dlinear', () => {
    expect(Object.keys(baselines).sort()).toEqual(['dlinear', 'drift', 'naive', 'naive2', 'seasonalNaive']);
  });
});
