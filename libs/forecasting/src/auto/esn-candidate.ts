/**
 * The ESN candidate of an auto plan: one reservoir of the ESN's defaults, driven by the last steps of its window it
 * remembers (memorySteps: a longer washout costs time and changes almost nothing), its readout fitted in closed form
 * on the whole window and the reservoir's state. Its fit has no epochs to cut short when time runs out, so the plan
 * estimates its time from its cost before training (esnTrainingCost, at ESN_FLOPS_PER_SECOND); it trains first, and
 * the MLPs share what it leaves.
 *
 * Where it helps: the MLPs train about the same number of windows whatever the data (TARGET_SAMPLES, over more or
 * fewer epochs), while the ESN's one pass grows with the windows. On little data it is cheap and the MLPs lack
 * examples, and its closed-form readout competes; on much data the MLPs are better and every second it takes is
 * theirs (on M4 Hourly's 264,490 windows it scored 1.17× the best MLP, was not kept, and its 95–190 s under load left
 * the MLPs fewer epochs: sMAPE 9.13 and 9.32, against 9.08 without it measured alone). So the plan includes it only where its fit is
 * estimated at most ESN_BUDGET_SHARE of the time budget.
 */
import { esnTrainingCost } from '../admission/reservoir-cost';
import { ESN_ARCHITECTURE, esnParamsSchema, memorySteps, validateEsnSpec } from '../reservoir/esn-spec';
import type { EsnCandidate } from './auto-plan';

/**
 * Floating-point operations per second of an ESN fit in float64 JavaScript on one core: a fit of M4 Hourly's 414
 * series (lookback 96, 100 units) reached 0.85 GFLOP/s on this 2-core machine under light load (0.3 at a load of 11).
 */
export const ESN_FLOPS_PER_SECOND = 1e9;

/** The most of the time budget the ESN's estimated fit may take for the plan to include it (see the module's header). */
export const ESN_BUDGET_SHARE = 0.1;

export interface EsnCandidateProfile {
  /** The shortest of the MLPs' lookbacks: the readout reads the window itself, and the reservoir its recent past. */
  readonly lookback: number;
  readonly horizon: number;
  /** Shortest series it trains on, and its training windows over the series at least that long. */
  readonly minLength: number;
  readonly windows: number;
  /** Seconds every candidate may train together. */
  readonly timeBudgetSeconds: number;
}

/** The ESN candidate when its estimated fit is at most ESN_BUDGET_SHARE of the time budget (else none), and why, in words. */
export function planEsnCandidate({ lookback, horizon, minLength, windows, timeBudgetSeconds }: EsnCandidateProfile): { candidate: EsnCandidate | null; reason: string } {
  const shareSeconds = ESN_BUDGET_SHARE * timeBudgetSeconds;
  const params = { washout: Math.min(lookback, memorySteps(esnParamsSchema.parse({}))) };
  const spec = validateEsnSpec({ architecture: ESN_ARCHITECTURE, lookback, horizon, params });
  const cost = esnTrainingCost(spec, windows);
  const estimatedSeconds = cost.totalFlops / ESN_FLOPS_PER_SECOND;
  const about = `about ${Math.ceil(estimatedSeconds)} s to fit (${(cost.totalFlops / 1e9).toFixed(1)} GFLOP over ${windows.toLocaleString('en-US')} windows)`;
  if (estimatedSeconds > shareSeconds) {
    return {
      candidate: null,
      reason: `no ESN candidate: its fit would take ${about}, more than ${ESN_BUDGET_SHARE * 100}% of the time budget (${Math.floor(shareSeconds)} s), time the MLPs make better use of on this many windows`,
    };
  }
  return {
    candidate: { architecture: ESN_ARCHITECTURE, lookback, params, minLength, windows, epochs: 1, estimatedSeconds },
    reason:
      `an ESN candidate (lookback ${lookback}, ${spec.params.reservoirSize} units driven by the last ${params.washout} steps, what they remember; its readout fitted in closed form): ` +
      `${about}, at most ${ESN_BUDGET_SHARE * 100}% of the time budget (${Math.floor(shareSeconds)} s); it trains first and the MLPs share what it leaves`,
  };
}
