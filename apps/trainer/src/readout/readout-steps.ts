import type { HoldoutSeries } from '@tsf/registry';
import type { TrainingSeries } from '../training/training-data';

/** What one segment of a series teaches an online readout: the steps it has learnt from, the new ones, and the holdout after them. */
export interface SegmentUpdate {
  key: string;
  /** Its steps after the parent's data. */
  added: number;
  /** The steps before the first new window's targets (the parent's fit learnt every window ending in them). */
  history: Float64Array;
  /** The steps learnt now: from the parent's holdout of this segment to this job's holdout. */
  newPoints: Float64Array;
  /** The last `horizon` steps, forecast from everything before them by the parent and by the child. */
  holdout: HoldoutSeries;
}

/**
 * Each segment's part of a readout update after a version whose data ended at `after` (epoch ms, its lineage's dataTo).
 * That version was fitted on every segment without its last `horizon` steps (its holdout), so the windows to learn now
 * are those whose targets end from there on; this job holds out the last `horizon` steps in turn, so the next update
 * starts where this one ends and the chain learns every window a retrain would. A segment with no step after `after`
 * is left out.
 */
export function readoutSteps(series: readonly TrainingSeries[], after: number, horizon: number): SegmentUpdate[] {
  return series.flatMap(({ key, timestamps, values }) => {
    const seen = stepsUpTo(timestamps, after);
    const learnt = seen === 0 ? 0 : Math.max(0, seen - horizon);
    if (seen === values.length) return [];
    const end = values.length - horizon;
    const history = values.subarray(0, end);
    return [{ key, added: values.length - seen, history: values.subarray(0, learnt), newPoints: values.subarray(learnt, end), holdout: { key, history, actual: values.subarray(end) } }];
  });
}

/** How many of the ascending `timestamps` are at or before `instant`. */
function stepsUpTo(timestamps: Float64Array, instant: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (timestamps[mid] <= instant) low = mid + 1;
    else high = mid;
  }
  return low;
}
