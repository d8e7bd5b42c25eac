import type { ForecastLayout } from '../forecaster-spec';
import type { SeriesTransforms, TransformPipeline } from '../transforms';
import { deriveSeed, mulberry32 } from '../util/random';
import { inputChannels, makeChannelWindows, type SeriesInput, type Windows } from '../windowing';
import type { ChronologicalSplit } from './chronological-split';
import type { EpochWindows } from './epoch-windows';

/** Where a window starts: a series and the first of its points. */
interface WindowStarts {
  series: Int32Array;
  start: Int32Array;
}

/**
 * Training windows drawn afresh for every epoch, as N-BEATS and ES-RNN sample series per batch: each of the epoch's
 * `windowsPerEpoch` windows is a series drawn uniformly, then a uniform position among its training windows (seeded
 * by the fit's seed and the epoch: reproducible). Only the drawn windows are made, each exactly as trainingWindows
 * makes it (the series' transforms, then, for a global model, scaled by the values before its end and, with a level, shown
 * minus its level), so a fit over any number of series holds one epoch's windows. A window never leaves its series,
 * so it never spans a gap between two segments. The validation windows are one fixed sample, drawn once the same way
 * from the series' validation windows, as many as the epoch's share of them (windowsPerEpoch × validation ÷ training
 * windows, at least one).
 */
export class WindowSampler implements EpochWindows {
  private readonly seen: Uint8Array;
  private seenCount = 0;

  constructor(
    private readonly inputs: readonly SeriesInput[],
    private readonly splits: readonly ChronologicalSplit[],
    private readonly layout: ForecastLayout,
    private readonly pipeline: TransformPipeline,
    private readonly stored: SeriesTransforms | null,
    readonly count: number,
    private readonly seed: number,
  ) {
    this.seen = new Uint8Array(inputs.length);
  }

  windowsOf(epoch: number): Windows {
    const starts = this.draw(this.count, deriveSeed(this.seed, 'epoch', epoch), (i) => this.splits[i].train, () => 0);
    for (const series of starts.series) {
      if (this.seen[series] === 0) this.seenCount++;
      this.seen[series] = 1;
    }
    return this.windowsAt(starts);
  }

  seriesSeen(): number {
    return this.seenCount;
  }

  /** The fixed validation sample; null when no series has validation windows. */
  validation(): Windows | null {
    const sum = (pick: (split: ChronologicalSplit) => number) => this.splits.reduce((total, split) => total + pick(split), 0);
    const [train, val] = [sum((split) => split.train), sum((split) => split.val)];
    if (val === 0) return null;
    const count = Math.min(val, Math.max(1, Math.round((this.count * val) / train)));
    return this.windowsAt(this.draw(count, deriveSeed(this.seed, 'validation'), (i) => this.splits[i].val, (i) => this.splits[i].valStart));
  }

  /** `count` window starts: a series uniformly among those with windows, then one of its `windowsOf(series)` windows from `first(series)`. */
  private draw(count: number, seed: number, windowsOf: (series: number) => number, first: (series: number) => number): WindowStarts {
    const eligible = Int32Array.from(this.inputs.keys()).filter((i) => windowsOf(i) > 0);
    const uniform = mulberry32(seed);
    const starts = { series: new Int32Array(count), start: new Int32Array(count) };
    for (let k = 0; k < count; k++) {
      const series = eligible[Math.floor(uniform() * eligible.length)];
      starts.series[k] = series;
      starts.start[k] = first(series) + Math.floor(uniform() * windowsOf(series));
    }
    return starts;
  }

  /** The windows at `starts`, made as trainingWindows makes them. */
  private windowsAt({ series, start }: WindowStarts): Windows {
    const { lookback, steps, targets, features } = this.layout;
    const count = series.length;
    const windows: Windows = {
      inputs: new Float32Array(count * lookback * features),
      targets: new Float32Array(count * steps * targets),
      count,
      lookback,
      horizon: steps,
      stride: 1,
      features,
      targetChannels: targets,
    };
    for (let k = 0; k < count; k++) {
      const input = this.inputs[series[k]];
      // a global model's window is scaled by the values before its end: read from scaleSpan values back
      const from = this.stored ? start[k] : Math.max(0, start[k] + Math.min(0, lookback - this.pipeline.scaleSpan));
      const channels = inputChannels(input, this.stored ?? this.pipeline.unscaled(input), this.layout, from, start[k] + lookback + steps);
      const one = makeChannelWindows(
        channels.map((channel) => channel.subarray(start[k] - from)),
        { lookback, horizon: steps, targetChannels: targets },
      );
      if (!this.stored) this.pipeline.scaleWindows(one, channels.slice(0, 1 + this.layout.covariates), start[k] - from);
      windows.inputs.set(one.inputs, k * lookback * features);
      windows.targets.set(one.targets, k * steps * targets);
    }
    this.pipeline.level?.normalize(windows);
    return windows;
  }
}
