import type { ForecastLayout } from '../forecaster-spec';
import type { SeriesTransforms, TransformPipeline } from '../transforms';
import { concatWindows, inputChannels, makeChannelWindows, type SeriesInput, type Windows } from '../windowing';
import type { ChronologicalSplit } from './chronological-split';
import { everyWindow, type EpochWindows } from './epoch-windows';
import { WindowSampler } from './window-sampler';

/** Training on a sample of windows per epoch: how many, and the seed of the draws. */
export interface WindowSampling {
  windowsPerEpoch: number;
  seed: number;
}

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
  sampling?: WindowSampling,
): { train: EpochWindows; val: Windows | null } {
  const total = splits.reduce((sum, split) => sum + split.train, 0);
  if (sampling && sampling.windowsPerEpoch < total) {
    const sampler = new WindowSampler(inputs, splits, layout, pipeline, stored, sampling.windowsPerEpoch, sampling.seed);
    return { train: sampler, val: sampler.validation() };
  }
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
  return { train: everyWindow(concatWindows(train), inputs.length), val: val.length > 0 ? concatWindows(val) : null };
}
