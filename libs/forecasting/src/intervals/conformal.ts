import { z } from 'zod';

/**
 * Split-conformal intervals per forecast step. The residuals (actual − forecast) of calibration windows the model was
 * not fitted on are, at each step ahead, a sample of its errors; the quantile of a new error at `level` is their
 * order statistic of rank k, with the finite-sample correction of split conformal prediction:
 *
 *   level ≥ ½: k = ⌈(n+1)·level⌉   (the corrected level ⌈(n+1)q⌉/n: P(error ≤ r₍ₖ₎) ≥ level)
 *   level < ½: k = ⌊(n+1)·level⌋   (the mirror image:                P(error < r₍ₖ₎) ≤ level)
 *
 * so each bound moves away from the median and a central interval [q, 1−q] covers at least 1−2q of new errors
 * whenever the errors are exchangeable with the calibration ones. A rank outside 1..n is an unbounded quantile (±∞):
 * level ≥ ½ needs n ≥ level/(1−level) residuals, level < ½ needs n ≥ 1/level − 1 (39 for 0.025 and 0.975, 9 for
 * 0.1 and 0.9). The rank grows with the level, so the quantiles are monotone in it.
 */
export function conformalRank(n: number, level: number): number {
  assertLevel(level);
  // a hair of tolerance: (n+1)·level is often an integer that floating point lands just beside (10 · 0.9 = 9.000000000000002)
  const position = (n + 1) * level;
  return level >= 0.5 ? Math.ceil(position - 1e-9) : Math.floor(position + 1e-9);
}

/** Residuals a calibration needs at a step for `level` to have a finite conformal quantile (see conformalRank). */
export function minCalibrationResiduals(level: number): number {
  assertLevel(level);
  // the bound solved for n, then checked with the rank itself (floating point may put it one off)
  let n = Math.max(1, Math.floor(level >= 0.5 ? level / (1 - level) : 1 / level - 1) - 1);
  while (conformalRank(n, level) < 1 || conformalRank(n, level) > n) n++;
  return n;
}

/**
 * The conformal offsets to add to the point forecast, `offsets[step][i]` for `levels[i]`, from the residuals
 * (actual − forecast) of each step ahead: the order statistic of rank conformalRank(n, level), or ±∞ where the step
 * has too few residuals for that level.
 */
export function conformalOffsets(residualsByStep: readonly ArrayLike<number>[], levels: readonly number[]): number[][] {
  return residualsByStep.map((residuals, step) => {
    const sorted = sortedFinite(residuals, step);
    return levels.map((level) => orderStatistic(sorted, sorted.length, conformalRank(sorted.length, level)));
  });
}

/** Most residuals a stored calibration keeps per step, and in all (see conformalCalibration). */
export const MAX_STORED_RESIDUALS_PER_STEP = 100;
export const MAX_STORED_RESIDUALS = 10_000;

/**
 * How the residuals were scaled. 'absolute': in the series' units (a model of one series). 'window-std': each divided
 * by the standard deviation of the last `points` values its forecast started from, and multiplied back by that of the
 * history a served forecast starts from: a global model pools the errors of series of every level and spread, as its
 * own per-series scaling does (see windowScale).
 */
export type ConformalScale = { kind: 'absolute' } | { kind: 'window-std'; points: number };

/** One step ahead of a stored calibration: how many residuals it had, and a sorted sample of them. */
export interface ConformalStep {
  n: number;
  /** Sorted; all n of them, or evenly spaced order statistics of them (the first and last always kept). */
  residuals: number[];
}

/**
 * A version's conformal calibration as stored in its metrics (`metrics.calibration`), from which the API serves any
 * level in (0, 1) at any step.
 *
 * Why a sorted sample per step rather than offsets on a fixed grid of levels: the finite-sample rank of a level needs
 * n, and a level off any grid (0.975, 0.995) is served exactly from the order statistics, not interpolated between
 * grid levels; a quantile that n cannot support is recognized as such instead of being extrapolated. The sample
 * stays small: all residuals of a step up to MAX_STORED_RESIDUALS_PER_STEP (100: every rank of the usual ≤ 100
 * calibration windows), otherwise evenly spaced order statistics with the smallest and the largest kept, the quantile
 * between two of them interpolated by rank; and at most MAX_STORED_RESIDUALS in all (a long horizon keeps fewer per
 * step, at least 20), so a version's metrics stay in the tens of kilobytes. Values keep 6 significant digits.
 */
export interface ConformalCalibration {
  method: 'conformal';
  scale: ConformalScale;
  /** Forecast windows (origins) the residuals came from, over all series. */
  windows: number;
  /** Series they came from. */
  series: number;
  /** Step 1, 2, …, the horizon the model was calibrated for. */
  steps: ConformalStep[];
}

const finiteNumber = z.number().refine(Number.isFinite, 'must be finite');

/** The stored shape, checked where it is read back (the API): anything else is no calibration. */
export const conformalCalibrationSchema = z.object({
  method: z.literal('conformal'),
  scale: z.discriminatedUnion('kind', [z.object({ kind: z.literal('absolute') }), z.object({ kind: z.literal('window-std'), points: z.number().int().min(1) })]),
  windows: z.number().int().min(1),
  series: z.number().int().min(1),
  steps: z
    .array(
      z
        .object({ n: z.number().int().min(1), residuals: z.array(finiteNumber).min(1) })
        .refine(({ n, residuals }) => residuals.length <= n, 'a step keeps at most its n residuals')
        .refine(({ residuals }) => residuals.every((r, i) => i === 0 || r >= residuals[i - 1]), 'residuals must be sorted'),
    )
    .min(1),
}) satisfies z.ZodType<ConformalCalibration>;

/**
 * The calibration to store from each step's residuals (in the units `scale` says): sorted, thinned to the stored
 * sample (see ConformalCalibration). Throws when a step has no finite residual.
 */
export function conformalCalibration(residualsByStep: readonly ArrayLike<number>[], scale: ConformalScale, source: { windows: number; series: number }): ConformalCalibration {
  if (residualsByStep.length === 0) throw new RangeError('a conformal calibration needs at least one forecast step');
  const perStep = Math.min(MAX_STORED_RESIDUALS_PER_STEP, Math.max(20, Math.floor(MAX_STORED_RESIDUALS / residualsByStep.length)));
  const steps = residualsByStep.map((residuals, step) => {
    const sorted = sortedFinite(residuals, step);
    return { n: sorted.length, residuals: thin(sorted, perStep).map((r) => Number(r.toPrecision(6))) };
  });
  return { method: 'conformal', scale, windows: source.windows, series: source.series, steps };
}

/** conformalCalibration of the residuals when there are steps and each has at least one; null otherwise. */
export function conformalCalibrationIfComplete(
  residualsByStep: readonly ArrayLike<number>[],
  scale: ConformalScale,
  source: { windows: number; series: number },
): ConformalCalibration | null {
  const complete = residualsByStep.length > 0 && residualsByStep.every((step) => step.length > 0);
  return complete ? conformalCalibration(residualsByStep, scale, source) : null;
}

/** Whether every calibrated step has enough residuals for a finite conformal quantile at `level`. */
export function conformalSupports(calibration: ConformalCalibration, level: number): boolean {
  const need = minCalibrationResiduals(level);
  return calibration.steps.every(({ n }) => n >= need);
}

/**
 * The offset at `level` of forecast step `step` (0-based) from a stored calibration, in its scale's units (multiply
 * by the history's windowScale for 'window-std'). ±∞ when the step has too few residuals for the level.
 *
 * Beyond the calibrated horizon H (a forecast longer than the model's own horizon, continued recursively), the last
 * step's offset is widened by √(h/H) for step h: the growth of a random walk's spread, a rough guide since nothing
 * was calibrated there; it keeps the interval widening with the step and monotone in the level.
 */
export function conformalOffset(calibration: ConformalCalibration, step: number, level: number): number {
  const { steps } = calibration;
  const calibrated = Math.min(step, steps.length - 1);
  const { n, residuals } = steps[calibrated];
  const offset = orderStatistic(residuals, n, conformalRank(n, level));
  return step < steps.length ? offset : offset * Math.sqrt((step + 1) / steps.length);
}

/**
 * The scale of a forecast's residuals for a 'window-std' calibration: the standard deviation of the last `points`
 * values of `history`; for a flat window, where that is 0, 1e-6 × (1 + mean |value|), so that nothing divides by 0.
 */
export function windowScale(history: ArrayLike<number>, points: number): number {
  const from = Math.max(0, history.length - points);
  const count = history.length - from;
  if (count === 0) throw new RangeError('windowScale: empty history');
  let sum = 0;
  let abs = 0;
  for (let i = from; i < history.length; i++) {
    sum += history[i];
    abs += Math.abs(history[i]);
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = from; i < history.length; i++) squares += (history[i] - mean) ** 2;
  const std = Math.sqrt(squares / count);
  return std > 0 ? std : 1e-6 * (1 + abs / count);
}

/**
 * The order statistic of rank k (1-based) among n residuals of which `sorted` is an evenly spaced sample (all n of
 * them, or fewer with the first and last kept): exact when all are kept, otherwise interpolated by rank. A rank
 * below 1 or above n is −∞ or +∞.
 */
function orderStatistic(sorted: readonly number[], n: number, k: number): number {
  if (k < 1) return -Infinity;
  if (k > n) return Infinity;
  if (sorted.length === n) return sorted[k - 1];
  const position = ((k - 1) * (sorted.length - 1)) / (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** `sorted` itself when it has at most `count` values, otherwise `count` of them at evenly spaced ranks, ends included. */
function thin(sorted: readonly number[], count: number): number[] {
  if (sorted.length <= count) return [...sorted];
  return Array.from({ length: count }, (_, j) => sorted[Math.round((j * (sorted.length - 1)) / (count - 1))]);
}

function sortedFinite(residuals: ArrayLike<number>, step: number): number[] {
  const sorted = Array.from(residuals).filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError(`conformal: step ${step + 1} has no finite residual`);
  return sorted;
}

function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${level}`);
}
