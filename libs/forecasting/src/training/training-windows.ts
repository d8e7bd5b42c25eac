import type { ForecastLayout } from '../forecaster-spec';
import type { SeriesTransforms, WindowLevel } from '../transforms';
import { concatWindows, inputChannels, makeChannelWindows, type SeriesInput, type Windows } from '../windowing';
import type { ChronologicalSplit } from './chronological-split';

/**
 * The transformed training and validation windows of every series, each cut at its split. `transformsOf` gives the
 * fitted transforms of series i: the stored ones, or (a global model) its own, fitted on its training part. With a
 * `level`, every window is shown minus its own level.
 */
export function trainingWindows(
  inputs: readonly SeriesInput[],
  splits: readonly ChronologicalSplit[],
  layout: ForecastLayout,
  transformsOf: (input: SeriesInput, split: ChronologicalSplit) => SeriesTransforms,
  level: WindowLevel | null = null,
): { train: Windows; val: Windows | null } {
  const train: Windows[] = [];
  const val: Windows[] = [];
  inputs.forEach((input, i) => {
    const channels = inputChannels(input, transformsOf(input, splits[i]), layout);
    const windowsOf = (from: number, to: number) => {
      const windows = makeChannelWindows(
        channels.map((c) => c.subarray(from, to)),
        { lookback: layout.lookback, horizon: layout.steps, targetChannels: layout.targets },
      );
      level?.normalize(windows);
      return windows;
    };
    train.push(windowsOf(0, splits[i].trainEnd));
    if (splits[i].val > 0) val.push(windowsOf(splits[i].valStart, input.values.length));
  });
  return { train: concatWindows(train), val: val.length > 0 ? concatWindows(val) : null };
}
