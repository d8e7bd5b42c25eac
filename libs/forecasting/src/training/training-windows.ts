import type { ForecastLayout } from '../forecaster-spec';
import type { SeriesTransforms, TransformPipeline } from '../transforms';
import { concatWindows, inputChannels, makeChannelWindows, type SeriesInput, type Windows } from '../windowing';
import type { ChronologicalSplit } from './chronological-split';

/**
 * The transformed training and validation windows of every series, each cut at its split: with `stored` transforms
 * (one series' model, fitted on its training part), every window through them; without (a global model), every window
 * scaled by the last `pipeline.scaleSpan` values before its end (TransformPipeline.scaleWindows), as predict() scales a
 * history. With the pipeline's level, every window is then shown minus its own level.
 */
export function trainingWindows(
  inputs: readonly SeriesInput[],
  splits: readonly ChronologicalSplit[],
  layout: ForecastLayout,
  pipeline: TransformPipeline,
  stored: SeriesTransforms | null,
): { train: Windows; val: Windows | null } {
  const train: Windows[] = [];
  const val: Windows[] = [];
  inputs.forEach((input, i) => {
    const channels = inputChannels(input, stored ?? pipeline.unscaled(input), layout);
    const scaled = channels.slice(0, 1 + (input.covariates?.length ?? 0));
    const windowsOf = (from: number, to: number) => {
      const windows = makeChannelWindows(
        channels.map((c) => c.subarray(from, to)),
        { lookback: layout.lookback, horizon: layout.steps, targetChannels: layout.targets },
      );
      if (!stored) pipeline.scaleWindows(windows, scaled, from);
      pipeline.level?.normalize(windows);
      return windows;
    };
    train.push(windowsOf(0, splits[i].trainEnd));
    if (splits[i].val > 0) val.push(windowsOf(splits[i].valStart, input.values.length));
  });
  return { train: concatWindows(train), val: val.length > 0 ? concatWindows(val) : null };
}
