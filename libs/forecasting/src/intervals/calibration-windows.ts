import { ENSEMBLE_ARCHITECTURE, memberSpecOf, type EnsembleParams } from '../ensembles/ensemble-spec';
import { forecastLayout, type ForecasterSpec } from '../forecaster-spec';
import { chronologicalSplit } from '../training/chronological-split';

/**
 * The first point of a training series of `length` values that no training window of a fit with `validationSplit`
 * had as a target: the fit's validation targets (after the gap of chronologicalSplit) and everything after the
 * series are errors of a model that was not fitted on them. `length` itself without a validation split. For an
 * ensemble, the latest of its members' (a point is unfitted only when no member had it as a training target).
 */
export function firstUnfittedPoint(spec: ForecasterSpec, length: number, validationSplit: number): number {
  if (spec.architecture === ENSEMBLE_ARCHITECTURE) {
    const members = (spec.params as EnsembleParams).members.map((member) => memberSpecOf(member, spec));
    return Math.max(...members.map((member) => firstUnfittedPoint(member, length, validationSplit)));
  }
  return chronologicalSplit(length, forecastLayout(spec), validationSplit, 'calibration').trainEnd;
}

export interface CalibrationWindowsOptions {
  /** Points of the series (its training part and the holdout after it). */
  length: number;
  /** See firstUnfittedPoint. */
  firstUnfitted: number;
  horizon: number;
  /** Points of history a forecast needs (the model's lookback). */
  lookback: number;
  /** Keep only the latest this many origins. */
  maxOrigins: number;
}

/**
 * The forecast origins of calibration windows over one series, oldest first: every origin t (the forecast starts
 * after values[0..t)) with a target t + h − 1 (h = 1…horizon) at or after the first unfitted point and inside the
 * series, the last ones reaching only its final values (rolling origins inside the holdout), and a full lookback
 * before it. Every step ahead then gets the same number of residuals, one per unfitted target, unless `maxOrigins`
 * keeps fewer.
 */
export function calibrationOrigins({ length, firstUnfitted, horizon, lookback, maxOrigins }: CalibrationWindowsOptions): number[] {
  const first = Math.max(lookback, firstUnfitted - horizon + 1, length - maxOrigins);
  return Array.from({ length: Math.max(0, length - first) }, (_, i) => first + i);
}

/** The residuals of one series' calibration forecasts, by step ahead, split at the holdout. */
export interface StepResiduals {
  /** Targets before `holdoutStart`: the fit's validation targets. */
  beforeHoldout: number[][];
  /** Targets from `holdoutStart` on. */
  inHoldout: number[][];
}

/**
 * Adds to `into` the residual (actual − forecast) / scale of each step of each forecast, `forecasts[i]` made at
 * `origins[i]` over `values`, for every target at or after `firstUnfitted` and inside the series; non-finite ones
 * (a diverged forecast) are left out.
 */
export function collectResiduals(
  values: ArrayLike<number>,
  origins: readonly number[],
  forecasts: readonly ArrayLike<number>[],
  { firstUnfitted, holdoutStart, scales }: { firstUnfitted: number; holdoutStart: number; scales?: readonly number[] },
  into: StepResiduals,
): void {
  origins.forEach((origin, i) => {
    const forecast = forecasts[i];
    const scale = scales?.[i] ?? 1;
    for (let h = 0; h < forecast.length; h++) {
      const target = origin + h;
      if (target < firstUnfitted || target >= values.length) continue;
      const residual = (values[target] - forecast[h]) / scale;
      if (Number.isFinite(residual)) (target < holdoutStart ? into.beforeHoldout : into.inHoldout)[h].push(residual);
    }
  });
}

/** Empty residual lists for `horizon` steps. */
export function stepResiduals(horizon: number): StepResiduals {
  return { beforeHoldout: Array.from({ length: horizon }, () => []), inHoldout: Array.from({ length: horizon }, () => []) };
}
