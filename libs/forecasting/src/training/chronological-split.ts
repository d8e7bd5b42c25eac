import { InsufficientDataError } from '../errors';
import { windowCount } from '../windowing';

/** How many of `total` windows (oldest first) train and how many validate, with the gap between them. */
export interface WindowSplit {
  train: number;
  /** Windows skipped between the two, so that no validation target is also a training target. */
  gap: number;
  val: number;
}

/**
 * The chronological split of `total` windows of `steps` output steps: the last `validationSplit` of them (at least
 * one, when the split is not 0) validate, after a gap of steps − 1 windows. `train` may come out below 1.
 */
export function splitWindows(total: number, steps: number, validationSplit: number): WindowSplit {
  const val = validationSplit > 0 ? Math.max(1, Math.floor(total * validationSplit)) : 0;
  const gap = val > 0 ? steps - 1 : 0;
  return { train: total - val - gap, gap, val };
}

/** Where the training and validation windows of one series lie. */
export interface ChronologicalSplit extends WindowSplit {
  /** Points covered by training windows (the scalers of a new model are fitted on them). */
  trainEnd: number;
  /** First point of the validation windows. */
  valStart: number;
}

export interface SplitLayout {
  lookback: number;
  steps: number;
  recursive: boolean;
}

/**
 * The chronological train/validation split of a series of `length` points into windows of `lookback` inputs and
 * `steps` targets (see splitWindows). Throws InsufficientDataError, naming the series as `label`, when no training
 * window is left.
 */
export function chronologicalSplit(length: number, { lookback, steps, recursive }: SplitLayout, validationSplit: number, label: string): ChronologicalSplit {
  const total = windowCount(length, lookback, steps);
  if (total < 1) {
    throw new InsufficientDataError(`${label} needs at least lookback + ${recursive ? '1' : 'horizon'} = ${lookback + steps} points (got ${length})`, {
      required: lookback + steps,
      actual: length,
    });
  }
  const split = splitWindows(total, steps, validationSplit);
  if (split.train < 1) {
    throw new InsufficientDataError(
      `${label}: ${length} points give ${total} windows; validationSplit=${validationSplit} needs ${split.val} validation ` +
        `windows plus a gap of ${split.gap}, leaving none to train on (need at least ${lookback + steps + split.val + split.gap} points)`,
      { windows: total, validation: split.val, gap: split.gap },
    );
  }
  return { ...split, trainEnd: split.train - 1 + lookback + steps, valStart: split.train + split.gap };
}
