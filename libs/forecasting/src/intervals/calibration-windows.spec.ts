import { calibrationOrigins, collectResiduals, firstUnfittedPoint, stepResiduals } from './calibration-windows';

describe('calibration windows', () => {
  const spec = { architecture: 'mlp', lookback: 10, horizon: 5, params: {} };

  it('the first unfitted point is the end of the training series without a validation split', () => {
    expect(firstUnfittedPoint(spec, 100, 0)).toBe(100);
  });

  it('with a validation split, it is the first target after the last training window: 100 − 17 validation windows − (5 − 1) gap', () => {
    // 86 windows of 10 + 5; 17 validate (⌊8.6 · 2⌋), after a gap of 4: the last training target is point 78
    expect(firstUnfittedPoint(spec, 100, 0.2)).toBe(79);
    // a recursive model has one output step: 90 windows, 18 validate, no gap
    expect(firstUnfittedPoint({ ...spec, strategy: 'recursive' }, 100, 0.2)).toBe(82);
  });

  it('origins reach every unfitted target at every step, the last ones only the final values', () => {
    // 25 training points, all fitted, then a holdout of 5: origins 21…29
    expect(calibrationOrigins({ length: 30, firstUnfitted: 25, horizon: 5, lookback: 10, maxOrigins: 100 })).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29]);
    // never before a full lookback, and only the latest maxOrigins
    expect(calibrationOrigins({ length: 30, firstUnfitted: 8, horizon: 5, lookback: 10, maxOrigins: 100 })[0]).toBe(10);
    expect(calibrationOrigins({ length: 30, firstUnfitted: 8, horizon: 5, lookback: 10, maxOrigins: 4 })).toEqual([26, 27, 28, 29]);
  });

  it('every step gets one residual per unfitted target, split at the holdout, each actual − forecast over its scale', () => {
    const values = Array.from({ length: 30 }, (_, i) => i);
    const origins = calibrationOrigins({ length: 30, firstUnfitted: 22, horizon: 5, lookback: 10, maxOrigins: 100 });
    // each forecast is the last value repeated: the residual at step h is h
    const forecasts = origins.map((t) => Array.from({ length: 5 }, () => t - 1));
    const residuals = stepResiduals(5);
    collectResiduals(values, origins, forecasts, { firstUnfitted: 22, holdoutStart: 25, scales: origins.map(() => 2) }, residuals);
    expect(residuals.beforeHoldout.map((step) => step.length)).toEqual([3, 3, 3, 3, 3]); // targets 22, 23, 24
    expect(residuals.inHoldout.map((step) => step.length)).toEqual([5, 5, 5, 5, 5]); // targets 25…29
    residuals.inHoldout.forEach((step, h) => expect(new Set(step)).toEqual(new Set([(h + 1) / 2])));
  });

  it('leaves out the residuals of a diverged forecast', () => {
    const residuals = stepResiduals(2);
    collectResiduals([1, 2, 3, 4], [2], [[Number.NaN, 4]], { firstUnfitted: 2, holdoutStart: 4 }, residuals);
    expect(residuals.beforeHoldout).toEqual([[], [0]]);
  });
});
