import { InvalidArgumentError } from '../errors';
import { targetWidth, windowCount, type Windows } from './windows';

export interface ChannelWindowOptions {
  /** Input steps per window. */
  lookback: number;
  /** Target steps per window. */
  horizon: number;
  /** The first `targetChannels` channels are forecast (default 1); all channels are inputs. */
  targetChannels?: number;
}

/**
 * Supervised windows over aligned channels (equal lengths), stored flat:
 * `inputs[(i · lookback + t) · features + f]` = channels[f][i + t] and
 * `targets[(i · horizon + h) · targetChannels + c]` = channels[c][i + lookback + h].
 */
export function makeChannelWindows(channels: ReadonlyArray<ArrayLike<number>>, options: ChannelWindowOptions): Windows {
  const { lookback, horizon } = options;
  const targetChannels = options.targetChannels ?? 1;
  const features = channels.length;
  if (features < 1) throw new InvalidArgumentError('makeChannelWindows needs at least one channel');
  if (!Number.isInteger(targetChannels) || targetChannels < 1 || targetChannels > features) {
    throw new InvalidArgumentError(`targetChannels must be an integer in [1, ${features}] (got ${targetChannels})`);
  }
  const length = channels[0].length;
  channels.forEach((c, f) => {
    if (c.length !== length) throw new InvalidArgumentError(`channel ${f} has ${c.length} values; channel 0 has ${length}`);
  });
  const count = windowCount(length, lookback, horizon);
  const inputs = new Float32Array(count * lookback * features);
  const targets = new Float32Array(count * horizon * targetChannels);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < lookback; t++) {
      const row = (i * lookback + t) * features;
      for (let f = 0; f < features; f++) inputs[row + f] = channels[f][i + t];
    }
    for (let h = 0; h < horizon; h++) {
      const row = (i * horizon + h) * targetChannels;
      for (let c = 0; c < targetChannels; c++) targets[row + c] = channels[c][i + lookback + h];
    }
  }
  return { inputs, targets, count, lookback, horizon, stride: 1, features, targetChannels };
}

/** One Windows holding all windows of `parts` (same lookback, horizon, features and target channels), in order. */
export function concatWindows(parts: readonly Windows[]): Windows {
  if (parts.length === 0) throw new InvalidArgumentError('concatWindows needs at least one part');
  const [first] = parts;
  for (const w of parts) {
    if (w.lookback !== first.lookback || w.horizon !== first.horizon || w.features !== first.features || targetWidth(w) !== targetWidth(first)) {
      throw new InvalidArgumentError('concatWindows: parts differ in lookback, horizon, features or target channels');
    }
  }
  const join = (pick: (w: Windows) => Float32Array) => {
    const out = new Float32Array(parts.reduce((n, w) => n + pick(w).length, 0));
    let offset = 0;
    for (const w of parts) {
      out.set(pick(w), offset);
      offset += pick(w).length;
    }
    return out;
  };
  return {
    ...first,
    count: parts.reduce((n, w) => n + w.count, 0),
    inputs: join((w) => w.inputs),
    targets: join((w) => w.targets),
  };
}
