import { coverage, msis } from '../metrics';
import { type ConformalCalibration, conformalOffset, conformalSupports } from './conformal';

/**
 * How the conformal intervals of a version did on its holdout, scored with a calibration from residuals before the
 * holdout (the fit's validation targets), so that the holdout's own errors do not calibrate the intervals they are
 * scored on. A level pair the calibration cannot support (too few residuals) is left out.
 */
export interface HoldoutIntervals {
  method: 'conformal';
  /** Residuals per step of that calibration (the fewest over the steps). */
  calibrationResiduals: number;
  /** Fraction of holdout values inside the 80% interval [q0.1, q0.9], the mean over the series. */
  coverage80?: number;
  /** Fraction inside the 95% interval [q0.025, q0.975], the mean over the series. */
  coverage95?: number;
  /**
   * M4's mean scaled interval score of the 95% interval (α = 0.05), the mean over the series whose scale is not 0:
   * scaled by the in-sample seasonal naive MAE of each history with the scoring's `season` (1, the naive one-step MAE,
   * where no seasonal period is known, as for a registry version).
   */
  msis?: number;
}

/** One series' holdout: its history, the values that followed, the point forecast of them and its residuals' scale. */
export interface IntervalWindow {
  history: ArrayLike<number>;
  actual: ArrayLike<number>;
  forecast: ArrayLike<number>;
  /** windowScale of the history for a 'window-std' calibration, 1 for an 'absolute' one. */
  scale: number;
}

const PAIRS = { coverage80: [0.1, 0.9], coverage95: [0.025, 0.975] } as const;

/**
 * Coverage of the 80% and 95% conformal intervals and MSIS (its scale's period `season`, default 1) on the holdout;
 * null when no level pair is supported.
 */
export function scoreHoldoutIntervals(windows: readonly IntervalWindow[], calibration: ConformalCalibration, { season = 1 }: { season?: number } = {}): HoldoutIntervals | null {
  if (windows.length === 0) return null;
  const bounds = (window: IntervalWindow, level: number) =>
    Array.from(window.forecast, (value, step) => value + window.scale * conformalOffset(calibration, step, level));
  const scores: HoldoutIntervals = { method: 'conformal', calibrationResiduals: Math.min(...calibration.steps.map((step) => step.n)) };
  let any = false;
  for (const [name, [lower, upper]] of Object.entries(PAIRS) as [keyof typeof PAIRS, readonly [number, number]][]) {
    if (!conformalSupports(calibration, lower) || !conformalSupports(calibration, upper)) continue;
    any = true;
    scores[name] = mean(windows.map((window) => coverage(window.actual, bounds(window, lower), bounds(window, upper))));
    if (name !== 'coverage95') continue;
    const scored = windows.flatMap((window) => {
      try {
        return [msis(window.actual, bounds(window, lower), bounds(window, upper), window.history, season, 0.05)];
      } catch {
        return []; // a flat history (scale 0) or one of a single value: no MSIS for that series
      }
    });
    if (scored.length > 0) scores.msis = mean(scored);
  }
  return any ? scores : null;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
