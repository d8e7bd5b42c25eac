import { mulberry32, normalSampler } from '../util/random';
import {
  conformalCalibration,
  conformalCalibrationIfComplete,
  conformalCalibrationSchema,
  conformalOffset,
  conformalOffsets,
  conformalRank,
  conformalSupports,
  MAX_STORED_RESIDUALS_PER_STEP,
  minCalibrationResiduals,
  windowScale,
} from './conformal';
import { quantileMethodsOf, quantilesAt } from './quantile-sources';

/** A skewed, non-normal error distribution (a shifted exponential): nothing here may assume normal errors. */
function skewedErrors(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => -Math.log(1 - uniform()) - 1;
}

const sample = (draw: () => number, n: number) => Array.from({ length: n }, draw);

/** Fraction of `errors` inside [lower, upper]. */
const inside = (errors: number[], lower: number, upper: number) => errors.filter((e) => e >= lower && e <= upper).length / errors.length;

describe('conformal offsets per forecast step', () => {
  it('ranks with the finite-sample correction: ⌈(n+1)q⌉ above the median, ⌊(n+1)q⌋ below it', () => {
    expect(conformalRank(19, 0.95)).toBe(19); // ⌈20 · 0.95⌉ = 19: the largest of 19
    expect(conformalRank(19, 0.05)).toBe(1); // ⌊20 · 0.05⌋ = 1: the smallest
    expect(conformalRank(18, 0.95)).toBe(19); // ⌈18.05⌉ = 19 > 18: unbounded
    expect(conformalRank(9, 0.9)).toBe(9); // 10 · 0.9 lands on 9.000000000000002 in floating point, still rank 9
    expect(conformalRank(9, 0.1)).toBe(1);
    expect(conformalRank(4, 0.5)).toBe(3); // ⌈2.5⌉
  });

  it('needs 39 residuals for a 95% interval, 9 for an 80% one, 1 for the median', () => {
    expect([0.025, 0.975, 0.1, 0.9, 0.5, 0.05, 0.95].map(minCalibrationResiduals)).toEqual([39, 39, 9, 9, 1, 19, 19]);
    for (const level of [0.01, 0.025, 0.2, 0.7, 0.99]) {
      const n = minCalibrationResiduals(level);
      const rank = (count: number) => conformalRank(count, level);
      expect(rank(n) >= 1 && rank(n) <= n).toBe(true);
      expect(rank(n - 1) >= 1 && rank(n - 1) <= n - 1).toBe(false);
    }
    expect(() => minCalibrationResiduals(1)).toThrow('quantile level must be in (0, 1), got 1');
  });

  it('by hand: residuals 5, 1, 4, 2, 3 give 1 at 0.2, 3 at 0.5, 5 at 0.8 (the uncorrected quantile would be 4), ±∞ at 0.1 and 0.9', () => {
    const [offsets] = conformalOffsets([[5, 1, 4, 2, 3]], [0.1, 0.2, 0.5, 0.8, 0.9]);
    expect(offsets).toEqual([-Infinity, 1, 3, 5, Infinity]);
  });

  it('each step has its own offsets, and non-finite residuals are left out', () => {
    expect(conformalOffsets([[1, 2, 3], [10, Number.NaN, 30, 20]], [0.5])).toEqual([[2], [20]]);
    expect(() => conformalOffsets([[Number.NaN]], [0.5])).toThrow('conformal: step 1 has no finite residual');
  });

  it('is monotone in the level at every step', () => {
    const normal = normalSampler(mulberry32(3));
    const residuals = Array.from({ length: 6 }, (_, step) => sample(() => (1 + step) * normal(), 40 + 25 * step));
    const levels = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
    for (const offsets of conformalOffsets(residuals, levels)) {
      offsets.forEach((offset, i) => i > 0 && expect(offset).toBeGreaterThanOrEqual(offsets[i - 1]));
    }
  });

  it('covers new i.i.d. errors at the nominal rate for a large calibration sample: 80% and 90% within ±1%', () => {
    const draw = skewedErrors(11);
    const [[l80, u80, l90, u90]] = conformalOffsets([sample(draw, 2000)], [0.1, 0.9, 0.05, 0.95]);
    const fresh = sample(draw, 50_000);
    const covered80 = inside(fresh, l80, u80);
    const covered90 = inside(fresh, l90, u90);
    expect(Math.abs(covered80 - 0.8)).toBeLessThan(0.01);
    expect(Math.abs(covered90 - 0.9)).toBeLessThan(0.01);
  });

  it('holds its guarantee with few residuals: 9 per calibration cover 80% on average, the uncorrected empirical quantile far less', () => {
    const draw = skewedErrors(5);
    const trials = 20_000;
    let conformal = 0;
    let uncorrected = 0;
    for (let t = 0; t < trials; t++) {
      const residuals = sample(draw, 9);
      const error = draw();
      const [[lower, upper]] = conformalOffsets([residuals], [0.1, 0.9]);
      if (error >= lower && error <= upper) conformal++;
      // the textbook (type 7) sample quantile: positions 0.8 and 7.2 of the 9 sorted values
      const sorted = [...residuals].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.floor(p)] + (p - Math.floor(p)) * (sorted[Math.ceil(p)] - sorted[Math.floor(p)]);
      if (error >= at(0.8) && error <= at(7.2)) uncorrected++;
    }
    // exactly (9 − 1)/10 = 0.8 in expectation for exchangeable errors; the uncorrected interval ≈ 0.64
    expect(conformal / trials).toBeGreaterThan(0.79);
    expect(conformal / trials).toBeLessThan(0.815);
    expect(uncorrected / trials).toBeLessThan(0.7);
  });
});

describe('the stored calibration', () => {
  const scale = { kind: 'absolute' } as const;
  const source = { windows: 30, series: 1 };

  it('keeps every residual of a step, sorted, when it has at most 100, and serves the exact order statistics', () => {
    const residuals = [[3, -1, 2, 0.5, -2, 1, 4, -3, 0, 2.5]];
    const calibration = conformalCalibration(residuals, scale, source);
    expect(calibration).toEqual({ method: 'conformal', scale, windows: 30, series: 1, steps: [{ n: 10, residuals: [-3, -2, -1, 0, 0.5, 1, 2, 2.5, 3, 4] }] });
    for (const level of [0.1, 0.25, 0.5, 0.75, 0.9]) expect(conformalOffset(calibration, 0, level)).toBe(conformalOffsets(residuals, [level])[0][0]);
    expect(conformalCalibrationSchema.parse(calibration)).toEqual(calibration);
  });

  it('thins a large step to 100 evenly spaced order statistics, extremes kept, and still covers at the nominal rate', () => {
    const draw = skewedErrors(23);
    const residuals = sample(draw, 5000);
    const calibration = conformalCalibration([residuals], scale, source);
    const [step] = calibration.steps;
    expect(step.n).toBe(5000);
    expect(step.residuals).toHaveLength(MAX_STORED_RESIDUALS_PER_STEP);
    expect(step.residuals[0]).toBeCloseTo(Math.min(...residuals), 4);
    expect(step.residuals[99]).toBeCloseTo(Math.max(...residuals), 4);
    const fresh = sample(draw, 50_000);
    const covered = inside(fresh, conformalOffset(calibration, 0, 0.05), conformalOffset(calibration, 0, 0.95));
    expect(Math.abs(covered - 0.9)).toBeLessThan(0.01);
    const [[exact]] = conformalOffsets([residuals], [0.95]);
    expect(conformalOffset(calibration, 0, 0.95)).toBeCloseTo(exact, 1);
  });

  it('keeps fewer per step over a long horizon (at most 10 000 residuals in all, at least 20 per step)', () => {
    const steps = Array.from({ length: 400 }, (_, h) => sample(skewedErrors(h), 150));
    const calibration = conformalCalibration(steps, scale, source);
    expect(calibration.steps.every((step) => step.n === 150 && step.residuals.length === 25)).toBe(true);
    const longer = conformalCalibration(Array.from({ length: 1000 }, (_, h) => sample(skewedErrors(h), 150)), scale, source);
    expect(longer.steps[0].residuals).toHaveLength(20);
  });

  it('beyond the calibrated steps, widens the last step’s offsets by √(h/H)', () => {
    const calibration = conformalCalibration([[-1, 0, 1], [-2, 0, 2]], scale, source);
    expect(conformalOffset(calibration, 1, 0.75)).toBe(2);
    expect(conformalOffset(calibration, 3, 0.75)).toBeCloseTo(2 * Math.sqrt(4 / 2), 12);
    expect(conformalOffset(calibration, 7, 0.25)).toBeCloseTo(-2 * Math.sqrt(8 / 2), 12);
  });

  it('says which levels every step supports', () => {
    const calibration = conformalCalibration([sample(skewedErrors(1), 40), sample(skewedErrors(2), 12)], scale, source);
    expect([0.025, 0.1, 0.5, 0.9, 0.975].map((level) => conformalSupports(calibration, level))).toEqual([false, true, true, true, false]);
  });

  it('the schema refuses unsorted residuals, more residuals than n, and another method', () => {
    const valid = conformalCalibration([[1, 2, 3]], scale, source);
    expect(conformalCalibrationSchema.safeParse({ ...valid, steps: [{ n: 3, residuals: [2, 1, 3] }] }).success).toBe(false);
    expect(conformalCalibrationSchema.safeParse({ ...valid, steps: [{ n: 2, residuals: [1, 2, 3] }] }).success).toBe(false);
    expect(conformalCalibrationSchema.safeParse({ ...valid, method: 'normal-band' }).success).toBe(false);
    expect(conformalCalibrationSchema.safeParse(null).success).toBe(false);
  });

  it('windowScale is the standard deviation of the last points, and a small positive number for a flat window', () => {
    expect(windowScale([100, 1, 3, 1, 3], 4)).toBe(1);
    expect(windowScale([5, 5, 5], 3)).toBeCloseTo(6e-6, 15);
  });
});

describe('quantile sources with a calibration', () => {
  const calibration = conformalCalibration([sample(skewedErrors(4), 20), sample(skewedErrors(5), 20)], { kind: 'absolute' }, { windows: 20, series: 1 });

  it('a level of the quantile head comes from the model, one the calibration supports is conformal, a too extreme one a normal band', () => {
    expect(quantileMethodsOf([0.1, 0.5, 0.9, 0.01], [0.5], calibration)).toEqual({ '0.1': 'conformal', '0.5': 'model', '0.9': 'conformal', '0.01': 'normal-band' });
    expect(quantileMethodsOf([0.1, 0.9], null)).toEqual({ '0.1': 'normal-band', '0.9': 'normal-band' });
  });

  it('conformal quantiles are the point forecast plus the offset times the forecast’s scale', () => {
    const methods = quantileMethodsOf([0.1, 0.9], null, calibration);
    const quantiles = quantilesAt(1, 50, { methods, fromModel: null, conformal: { calibration, scale: 2 }, rmse: null });
    expect(quantiles['0.1']).toBeCloseTo(50 + 2 * conformalOffset(calibration, 1, 0.1), 12);
    expect(quantiles['0.9']).toBeCloseTo(50 + 2 * conformalOffset(calibration, 1, 0.9), 12);
    expect(quantiles['0.1']).toBeLessThan(quantiles['0.9']);
  });

  it('conformalCalibrationIfComplete calibrates only when there are steps and each has a residual', () => {
    const absolute = { kind: 'absolute' } as const;
    const source = { windows: 2, series: 1 };
    expect(conformalCalibrationIfComplete([[1, -1], [2]], absolute, source)).toEqual(conformalCalibration([[1, -1], [2]], absolute, source));
    expect(conformalCalibrationIfComplete([[1, -1], []], absolute, source)).toBeNull();
    expect(conformalCalibrationIfComplete([], absolute, source)).toBeNull();
  });
});
