/**
 * What `auto` trains, derived from the data alone: the horizon, the season, the lengths of the training series and
 * whether every value is positive. Pure and deterministic; nothing in it is tuned to one data set.
 */
import { splitWindows } from '../training/chronological-split';
import type { LossName } from '../training';
import { deriveTransforms, type TransformsSpec } from '../transforms';
import { windowCount } from '../windowing';
import { planEsnCandidate } from './esn-candidate';
import type { ValidationMetric } from './validation-score';

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

/** What every candidate has: it looks back `lookback` steps and trains on the series at least `minLength` long. */
interface CandidateBase {
  readonly lookback: number;
  /** Shortest training series this candidate trains on: one training window, the gap and one validation window. */
  readonly minLength: number;
  /** Training windows over its series (before the validation split). */
  readonly windows: number;
  readonly epochs: number;
}

/** An MLP (N-BEATS' block) trained by gradient descent within its share of the time budget. */
export interface MlpCandidate extends CandidateBase {
  readonly architecture: 'mlp';
  readonly params: { readonly hidden: readonly number[] };
  readonly batchSize: number;
}

/** An ESN of the default reservoir (its washout what it remembers), its readout fitted in closed form in one pass (one "epoch"), with its estimated time. */
export interface EsnCandidate extends CandidateBase {
  readonly architecture: 'esn';
  readonly params: { readonly washout: number };
  readonly estimatedSeconds: number;
}

/** One model auto trains. */
export type AutoCandidate = MlpCandidate | EsnCandidate;

/** Everything auto decided before training, with the reasons in words. */
export interface AutoPlan {
  readonly season: number;
  readonly transforms: TransformsSpec;
  readonly loss: LossName;
  /** What every candidate is scored on, on the same validation windows, to choose which are kept (validation-score.ts). */
  readonly validationMetric: ValidationMetric;
  readonly learningRate: number;
  readonly validationSplit: number;
  readonly patience: number;
  readonly clipNorm: number;
  /**
   * Seconds every candidate together: the ESN (first) takes what its fit takes, then each MLP an equal share of what is
   * left when it starts (so an MLP that stops early leaves its time to the next).
   */
  readonly timeBudgetSeconds: number;
  /** The ESN first (when planned), then the MLPs; empty when no series is long enough for any lookback: every forecast is then the seasonal naive one. */
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

/** The shortest series a candidate looking back `lookback` steps trains on, and its training windows over those series. */
function trainingSet(lengths: readonly number[], lookback: number, horizon: number): { minLength: number; windows: number } {
  const minLength = shortestFor(lookback, horizon);
  return { minLength, windows: lengths.filter((length) => length >= minLength).reduce((sum, length) => sum + windowCount(length, lookback, horizon), 0) };
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
  const mlps = lookbacks.map((lookback): MlpCandidate => {
    const { minLength, windows } = trainingSet(lengths, lookback, horizon);
    const epochs = Math.max(1, Math.min(maxEpochs, Math.max(MIN_EPOCHS, Math.round(TARGET_SAMPLES / windows))));
    return { architecture: 'mlp', lookback, params: { hidden: [hiddenWidth(windows), hiddenWidth(windows)] }, minLength, windows, epochs, batchSize: batchSizeFor(windows) };
  });
  const [esnLookback] = lookbacks;
  const esn = esnLookback === undefined ? null : planEsnCandidate({ lookback: esnLookback, horizon, ...trainingSet(lengths, esnLookback, horizon), timeBudgetSeconds });
  const candidates: AutoCandidate[] = esn?.candidate ? [esn.candidate, ...mlps] : mlps;
  const derived = deriveTransforms({ positive, season, lookback: Math.min(...candidates.map((candidate) => candidate.lookback)) });
  reasons.push(`${derived.reason}; ${positive ? 'MAE loss (relative errors, as sMAPE)' : 'MSE loss'}`);
  if (mlps.length > 0) reasons.push(`each MLP candidate (N-BEATS' block) trained about ${TARGET_SAMPLES.toLocaleString('en-US')} windows (${maxEpochs <= MIN_EPOCHS ? `${maxEpochs} epoch(s), the most allowed` : `${MIN_EPOCHS} to ${maxEpochs} epochs`}), early stopping on the last ${AUTO_VALIDATION_SPLIT * 100}% of each series' windows`);
  if (esn) reasons.push(esn.reason);
  return {
    season,
    transforms: derived.transforms,
    loss: positive ? 'mae' : 'mse',
    validationMetric: positive ? 'log-mae' : 'scaled-mse',
    learningRate: 1e-3,
    validationSplit: AUTO_VALIDATION_SPLIT,
    patience: 3,
    clipNorm: 1,
    timeBudgetSeconds,
    candidates,
    reasons,
  };
}
