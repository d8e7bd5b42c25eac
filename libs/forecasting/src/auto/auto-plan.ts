/**
 * What `auto` trains, derived from the data alone: the horizon, the season, the lengths of the training series and
 * whether every value is positive. Pure and deterministic; nothing in it is tuned to one data set.
 */
import { splitWindows } from '../training/chronological-split';
import type { LossName } from '../training';
import type { TransformsSpec } from '../transforms';
import { windowCount } from '../windowing';

/** Lookbacks in horizons, as N-BEATS' ensembles look back 2 to 7 horizons. */
export const LOOKBACK_HORIZONS = [2, 3.5, 5, 7] as const;
/** Candidates trained at most: the longest lookbacks that fit the data. */
export const MAX_CANDIDATES = 3;
/** A kept member's validation loss is at most this multiple of the best one's. */
export const KEEP_WITHIN = 1.25;
/** Training windows every candidate sees over its epochs (fewer epochs for more windows). */
const TARGET_SAMPLES = 1_000_000;
const MIN_EPOCHS = 3;
/** Share of each series' windows held out (the last ones, after a gap of horizon − 1) for early stopping and selection. */
export const AUTO_VALIDATION_SPLIT = 0.02;

export interface AutoProfile {
  readonly horizon: number;
  /** The season in steps (1: none). */
  readonly season: number;
  /** The most history a forecast may read: no lookback exceeds it. */
  readonly lookbackCap: number;
  /** Length of each training series. */
  readonly lengths: readonly number[];
  /** Every value of every series is > 0 (log applies). */
  readonly positive: boolean;
  /** Most epochs a candidate trains for (the fit's `epochs`). */
  readonly maxEpochs: number;
  /** Seconds for every candidate together. */
  readonly timeBudgetSeconds: number;
}

/** One model auto trains: an MLP looking back `lookback` steps, on the series at least `minLength` long. */
export interface AutoCandidate {
  readonly architecture: 'mlp';
  readonly lookback: number;
  readonly params: { readonly hidden: readonly number[] };
  /** Shortest training series this candidate trains on: one training window, the gap and one validation window. */
  readonly minLength: number;
  /** Training windows over its series (before the validation split). */
  readonly windows: number;
  readonly epochs: number;
  readonly batchSize: number;
}

/** Everything auto decided before training, with the reasons in words. */
export interface AutoPlan {
  readonly season: number;
  readonly transforms: TransformsSpec;
  readonly loss: LossName;
  readonly learningRate: number;
  readonly validationSplit: number;
  readonly patience: number;
  readonly clipNorm: number;
  /** Seconds each candidate may train. */
  readonly secondsPerCandidate: number;
  /** Empty when no series is long enough for any lookback: every forecast is then the seasonal naive one. */
  readonly candidates: readonly AutoCandidate[];
  readonly reasons: readonly string[];
}

/** Shortest series that gives a training window after the validation windows and their gap (see splitWindows). */
function shortestFor(lookback: number, horizon: number): number {
  let windows = 1;
  while (splitWindows(windows, horizon, AUTO_VALIDATION_SPLIT).train < 1) windows++;
  return windows + lookback + horizon - 1;
}

/** The lookbacks N-BEATS would try, rounded up to whole seasons, at most `cap`, shortest first, without repeats. */
export function candidateLookbacks(horizon: number, season: number, cap: number): number[] {
  const unit = season > 1 ? season : 1;
  const lookbacks = LOOKBACK_HORIZONS.map((k) => Math.min(cap, Math.ceil((k * horizon) / unit) * unit));
  return [...new Set(lookbacks)].sort((a, b) => a - b);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Hidden width from the windows there are to learn from: a wider MLP where there is more data. */
function hiddenWidth(windows: number): number {
  if (windows >= 50_000) return 512;
  if (windows >= 5_000) return 256;
  return 128;
}

/** A power of two near windows / 100, from 32 to 1024. */
function batchSizeFor(windows: number): number {
  let size = 32;
  while (size < 1024 && size * 2 * 100 <= windows) size *= 2;
  return size;
}

/** Plans an auto fit: see the module's header. */
export function planAuto(profile: AutoProfile): AutoPlan {
  const { horizon, season, lookbackCap, lengths, positive, maxEpochs, timeBudgetSeconds } = profile;
  const reasons: string[] = [];
  const half = lengths.length / 2;
  const fitting = candidateLookbacks(horizon, season, lookbackCap).filter(
    (lookback) => lengths.filter((length) => length >= shortestFor(lookback, horizon)).length >= half,
  );
  let lookbacks = fitting.slice(-MAX_CANDIDATES);
  if (lookbacks.length > 0) {
    reasons.push(`lookbacks ${lookbacks.join(', ')}: the longest of ${LOOKBACK_HORIZONS.join(', ')} horizons (in whole seasons, at most ${lookbackCap}) that at least half of the series are long enough to train on`);
  } else {
    const longest = Math.min(lookbackCap, Math.floor(median(lengths)) - (shortestFor(1, horizon) - 1));
    lookbacks = longest >= 1 ? [longest] : [];
    reasons.push(
      longest >= 1
        ? `lookback ${longest}: the series are too short for 2 horizons back, so the longest the median series can train on`
        : `no lookback: the median series (${median(lengths)} points) is too short to train on and validate, so every forecast is seasonal naive`,
    );
  }
  const level = season > 1 && lookbacks.every((lookback) => lookback >= season) ? { mean: season } : ('last' as const);
  const transforms: TransformsSpec = positive ? { log: true, scale: 'none', level } : { scale: 'standard', level };
  reasons.push(
    positive
      ? `log values (every value is positive), each window minus ${level === 'last' ? 'its last value' : `the mean of its last ${season} (one season)`}; MAE loss (relative errors, as sMAPE)`
      : `each series z-scored (some values are not positive, so no log), each window minus ${level === 'last' ? 'its last value' : `the mean of its last ${season}`}; MSE loss`,
  );
  const candidates = lookbacks.map((lookback): AutoCandidate => {
    const minLength = shortestFor(lookback, horizon);
    const windows = lengths.filter((length) => length >= minLength).reduce((sum, length) => sum + windowCount(length, lookback, horizon), 0);
    const epochs = Math.max(1, Math.min(maxEpochs, Math.max(MIN_EPOCHS, Math.round(TARGET_SAMPLES / windows))));
    return { architecture: 'mlp', lookback, params: { hidden: [hiddenWidth(windows), hiddenWidth(windows)] }, minLength, windows, epochs, batchSize: batchSizeFor(windows) };
  });
  if (candidates.length > 0) reasons.push(`each candidate an MLP (N-BEATS' block), trained about ${TARGET_SAMPLES.toLocaleString('en-US')} windows (${maxEpochs <= MIN_EPOCHS ? `${maxEpochs} epoch(s), the most allowed` : `${MIN_EPOCHS} to ${maxEpochs} epochs`}), early stopping on the last ${AUTO_VALIDATION_SPLIT * 100}% of each series' windows`);
  return {
    season,
    transforms,
    loss: positive ? 'mae' : 'mse',
    learningRate: 1e-3,
    validationSplit: AUTO_VALIDATION_SPLIT,
    patience: 3,
    clipNorm: 1,
    secondsPerCandidate: candidates.length > 0 ? timeBudgetSeconds / candidates.length : 0,
    candidates,
    reasons,
  };
}
