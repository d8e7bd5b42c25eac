import type { ForecastLayout } from '../forecaster-spec';
import { ChannelScalers, concatWindows, inputChannels, makeChannelWindows, type SeriesInput, type Windows } from '../windowing';
import type { ChronologicalSplit } from './chronological-split';

/**
 * The scaled training and validation windows of every series, each cut at its split. `scalersOf` gives the scalers
 * of series i: the stored ones, or (a global model) its own, fitted on its training part.
 */
export function trainingWindows(
  inputs: readonly SeriesInput[],
  splits: readonly ChronologicalSplit[],
  layout: ForecastLayout,
  scalersOf: (input: SeriesInput, split: ChronologicalSplit) => ChannelScalers,
): { train: Windows; val: Windows | null } {
  const train: Windows[] = [];
  const val: Windows[] = [];
  inputs.forEach((input, i) => {
    const channels = inputChannels(input, scalersOf(input, splits[i]), layout.calendar);
    const windowsOf = (from: number, to: number) =>
      makeChannelWindows(
        channels.map((c) => c.subarray(from, to)),
        { lookback: layout.lookback, horizon: layout.steps, targetChannels: layout.targets },
      );
    train.push(windowsOf(0, splits[i].trainEnd));
    if (splits[i].val > 0) val.push(windowsOf(splits[i].valStart, input.values.length));
  });
  return { train: concatWindows(train), val: val.length > 0 ? concatWindows(val) : null };
}
