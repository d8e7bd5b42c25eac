import type { Windows } from '../windowing';

/**
 * The training windows of each epoch of a fit: the same ones every epoch (every window of every series, everyWindow),
 * or a fresh sample per epoch (WindowSampler), so that what a fit holds is bounded by the sample, not by the data.
 */
export interface EpochWindows {
  /** Windows per epoch. */
  readonly count: number;
  /** The windows epoch `epoch` (0-based) trains on. */
  windowsOf(epoch: number): Windows;
  /** Distinct series the windows handed out so far came from. */
  seriesSeen(): number;
}

/** Every window of `series` series, every epoch. */
export function everyWindow(windows: Windows, series: number): EpochWindows {
  return { count: windows.count, windowsOf: () => windows, seriesSeen: () => series };
}
