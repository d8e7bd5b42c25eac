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

  it.each(Object.keys(baselines))('%s never refuses a short series: from one value up, it forecasts the horizon and names its method', (name) => {
    const model = baselines[name]({ season: 24, horizon: 48 });
    const histories = [1, 2, 23, 24, 71, 72, 335].map((length) => series.slice(0, length));
    if (isGlobalBaseline(model)) model.fitMany(histories);
    else model.fit(histories[0]);
    for (const history of histories) {
      const forecast = model.predictFrom(history, 48);
      expect(forecast).toHaveLength(48);
      expect(forecast.every(Number.isFinite)).toBe(true);
      // its own method from minHistory on, a simpler baseline's below it
      if (history.length >= model.minHistory) expect(model.methodFor(history)).toBe(name);
      else expect(['naive', 'seasonalNaive']).toContain(model.methodFor(history));
    }
  });

  it('the minimum history and the fallback of each baseline, on the M4 Hourly task (season 24, horizon 48)', () => {
    const table = Object.keys(baselines).map((name) => {
      const model = baselines[name]({ season: 24, horizon: 48 });
      if (isGlobalBaseline(model)) model.fitMany([series]);
      return [name, model.minHistory, model.methodFor(series.slice(0, 1)), model.methodFor(series.slice(0, 30)), model.methodFor(series)];
    });
    expect(table).toEqual([
      ['naive', 1, 'naive', 'naive', 'naive'],
      ['seasonalNaive', 24, 'naive', 'seasonalNaive', 'seasonalNaive'],
      ['naive2', 72, 'naive', 'naive', 'naive2'],
      ['drift', 2, 'naive', 'drift', 'drift'],
      ['dlinear', 336, 'naive', 'seasonalNaive', 'dlinear'],
    ]);
  });

  it('only dlinear can be fitted globally over many series', () => {
    const global = Object.keys(baselines).filter((name) => isGlobalBaseline(baselines[name]({ season: 24, horizon: 48 })));
    expect(global).toEqual(['dlinear']);
  });

  it('offers the M4 benchmarks and dlinear', () => {
    expect(Object.keys(baselines).sort()).toEqual(['dlinear', 'drift', 'naive', 'naive2', 'seasonalNaive']);
  });
});
