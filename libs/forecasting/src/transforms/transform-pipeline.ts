/**
 * A spec's transforms put together. Per channel of a series, on the way in: the power transform (`log`, on the
 * target channels only), then the channel's scale (every channel); per window: the level (target channels only).
 * On the way out exactly the reverse: level added back, scale undone, power undone. Calendar channels are computed,
 * not transformed. The scales are fitted statistics and are saved with the model; the rest is in the spec.
 */
import { InvalidArgumentError, TransformDomainError } from '../errors';
import type { SeriesInput, Windows } from '../windowing';
import { WindowLevel } from './level';
import { PowerTransform } from './log';
import { fitSeriesScale, NO_SCALE, seriesScaleFromJSON, SpanScales, type SeriesScale, type SeriesScaleState } from './series-scale';
import { type ScaleKind, scaleSpanOf, type TransformsSpec } from './transform-spec';

/** One channel's way into the model's space and back, value by value. */
export class ChannelTransform {
  constructor(
    readonly power: PowerTransform | null,
    readonly scale: SeriesScale,
  ) {}

  /** Model-space copy as a Float32Array (the dtype models consume). */
  transform(values: ArrayLike<number>): Float32Array {
    const power = this.power;
    return this.scale.transform(power ? Array.from(values, (x) => power.forward(x)) : values);
  }

  /** A model-space value (its level already added back) in the series' units. */
  inverseValue(y: number): number {
    const x = this.scale.inverseValue(y);
    return this.power ? this.power.inverse(x) : x;
  }
}

/** The fitted transforms of one series: channel 0 is the target, then each covariate. */
export class SeriesTransforms {
  constructor(readonly channels: readonly ChannelTransform[]) {}

  channel(c: number): ChannelTransform {
    return this.channels[c];
  }

  /** The fitted statistics, as saved (target first). */
  scaleStates(): SeriesScaleState[] {
    return this.channels.map((channel) => channel.scale.toJSON());
  }
}

const channelsOf = (input: SeriesInput): ArrayLike<number>[] => [input.values, ...(input.covariates ?? [])];

/** A spec's transforms, resolved for a model forecasting `targets` channels (the target, and the covariates with multivariateTarget). */
export class TransformPipeline {
  readonly power: PowerTransform | null;
  readonly scale: ScaleKind;
  readonly level: WindowLevel | null;

  /** Values a global model's scale is fitted on, ending where a window or a history ends (scaleSpanOf; the lookback without a scale). */
  readonly scaleSpan: number;

  constructor(
    spec: TransformsSpec | undefined,
    private readonly targets: number,
    lookback = 1,
  ) {
    this.scaleSpan = spec?.scale === 'none' ? lookback : scaleSpanOf(spec, lookback);
    this.power = PowerTransform.of(spec?.log);
    this.scale = spec?.scale ?? 'standard';
    this.level = spec?.level === undefined ? null : new WindowLevel(spec.level);
  }

  /** The power transform of channel c: the forecast channels only (an input-only covariate may be of any sign). */
  private powerOf(c: number): PowerTransform | null {
    return c < this.targets ? this.power : null;
  }

  /**
   * Throws TransformDomainError, naming the series (`name`) and channel, when a value from index `from` on that the
   * power transform will read is outside its domain (log: ≤ 0). A model with `log` cannot take such a series at all.
   */
  assertInDomain(name: string, input: SeriesInput, from = 0): void {
    channelsOf(input).forEach((values, c) => {
      const power = this.powerOf(c);
      const i = power ? power.firstOutOfDomain(values, from) : -1;
      if (i < 0) return;
      const channel = c === 0 ? name : `${name} covariate ${c - 1}`;
      throw new TransformDomainError(
        `${channel}[${i}] is ${values[i]}: transforms.log applies the ${power!.name} transform to every value of a forecast channel, ` +
          `which needs ${power!.domain}; shift the series or drop transforms.log for this model`,
        { index: i, value: values[i], channel: c },
      );
    });
  }

  /** Fits each channel's scale on its points [from, end), after the power transform. */
  fit(input: SeriesInput, end: number = input.values.length, from = 0): SeriesTransforms {
    return new SeriesTransforms(
      channelsOf(input).map((values, c) => {
        const power = this.powerOf(c);
        const part = Array.prototype.slice.call(values, from, end) as number[];
        return new ChannelTransform(power, fitSeriesScale(this.scale, power ? part.map((x) => power.forward(x)) : part));
      }),
    );
  }

  /** A global model's transforms of a history it forecasts: fitted on its last scaleSpan values, as each training window's were. */
  fitOnHistory(input: SeriesInput): SeriesTransforms {
    const length = input.values.length;
    return this.fit(input, length, Math.max(0, length - this.scaleSpan));
  }

  /** The power transform of each channel of `input` without a scale: a global model's windows are scaled one by one (scaleWindows). */
  unscaled(input: SeriesInput): SeriesTransforms {
    return new SeriesTransforms(channelsOf(input).map((_, c) => new ChannelTransform(this.powerOf(c), NO_SCALE)));
  }

  /**
   * A global model's scaling, window by window, in place: each of the first `channels.length` features of every window
   * (the target channels and covariates, after the power transform) is scaled by a scale fitted on the last
   * `scaleSpan` values of its series before the window's end (fewer where the series has fewer), and its targets by
   * the same one, as predict() scales a history by its last `scaleSpan` values. So training and serving see a series the same way,
   * whatever length of history each is given (a short segment after a gap, what the API reads, a whole series in a
   * backtest). `channels` are the series' channels the windows were cut from (at least from `scaleSpan` values before
   * the first window's end), the first window starting at index `first` of them.
   */
  scaleWindows(windows: Windows, channels: readonly ArrayLike<number>[], first: number): void {
    if (this.scale === 'none') return;
    const { count, lookback, horizon, features } = windows;
    const targets = windows.targetChannels ?? 1;
    channels.forEach((values, c) => {
      const scales = new SpanScales(this.scale, values);
      for (let w = 0; w < count; w++) {
        const end = first + w + lookback;
        const scale = scales.of(Math.max(0, end - this.scaleSpan), end);
        for (let t = 0; t < lookback; t++) {
          const at = (w * lookback + t) * features + c;
          windows.inputs[at] = scale.transformValue(windows.inputs[at]);
        }
        if (c >= targets) continue;
        for (let h = 0; h < horizon; h++) {
          const at = (w * horizon + h) * targets + c;
          windows.targets[at] = scale.transformValue(windows.targets[at]);
        }
      }
    });
  }

  /** Restores saved scales (target first). Throws InvalidArgumentError when one is not of the spec's scale kind. */
  restore(states: readonly unknown[]): SeriesTransforms {
    return new SeriesTransforms(
      states.map((state, c) => {
        const scale = seriesScaleFromJSON(state);
        if (scale.kind !== this.scale) throw new InvalidArgumentError(`channel ${c} has a '${scale.kind}' scale; the spec's transforms.scale is '${this.scale}'`);
        return new ChannelTransform(this.powerOf(c), scale);
      }),
    );
  }
}
