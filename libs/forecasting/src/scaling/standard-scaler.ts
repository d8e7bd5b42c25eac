import { z } from 'zod';
import { InvalidArgumentError } from '../errors';

export const standardScalerStateSchema = z.object({
  kind: z.literal('standard'),
  mean: z.number().refine(Number.isFinite, 'must be finite'),
  std: z.number().positive().refine(Number.isFinite, 'must be finite'),
  count: z.number().int().nonnegative(),
});
export type StandardScalerState = z.infer<typeof standardScalerStateSchema>;

export interface StandardScalerFitOptions {
  /** Below this standard deviation the series is treated as constant and std is set to 1. Default 1e-8. */
  minStd?: number;
}

/**
 * Per-series standardization z = (x - mean) / std. Fit it on the training part of one series only
 * (never on data you will evaluate on), then transform inputs and inverse-transform model outputs.
 */
export class StandardScaler {
  readonly kind = 'standard';

  constructor(
    readonly mean: number,
    readonly std: number,
    readonly count: number,
  ) {
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std <= 0) {
      throw new InvalidArgumentError(`StandardScaler needs a finite mean and a positive std (got mean=${mean}, std=${std})`);
    }
  }

  /** Fits mean and (population) std with Welford's algorithm in float64. */
  static fit(values: ArrayLike<number>, options: StandardScalerFitOptions = {}): StandardScaler {
    const n = values.length;
    if (n === 0) throw new InvalidArgumentError('StandardScaler.fit needs at least one value');
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (!Number.isFinite(x)) throw new InvalidArgumentError(`StandardScaler.fit: value at index ${i} is not a finite number (${x})`);
      const delta = x - mean;
      mean += delta / (i + 1);
      m2 += delta * (x - mean);
    }
    return StandardScaler.of(mean, Math.sqrt(m2 / n), n, options.minStd);
  }

  /** The scaler of `count` values of this mean and (population) std; a std below `minStd` (a constant series) is read as 1. */
  static of(mean: number, std: number, count: number, minStd = 1e-8): StandardScaler {
    return new StandardScaler(mean, std < minStd ? 1 : std, count);
  }

  transformValue(x: number): number {
    return (x - this.mean) / this.std;
  }

  inverseValue(z: number): number {
    return z * this.std + this.mean;
  }

  /** Scaled copy as a Float32Array (the dtype models consume). */
  transform(values: ArrayLike<number>): Float32Array {
    const out = new Float32Array(values.length);
    const { mean, std } = this;
    for (let i = 0; i < values.length; i++) out[i] = (values[i] - mean) / std;
    return out;
  }

  /** Back to the original units, as plain numbers. */
  inverse(values: ArrayLike<number>): number[] {
    const out = new Array<number>(values.length);
    const { mean, std } = this;
    for (let i = 0; i < values.length; i++) out[i] = values[i] * std + mean;
    return out;
  }

  toJSON(): StandardScalerState {
    return { kind: 'standard', mean: this.mean, std: this.std, count: this.count };
  }

  static fromJSON(state: unknown): StandardScaler {
    const parsed = standardScalerStateSchema.safeParse(state);
    if (!parsed.success) {
      throw new InvalidArgumentError(`Invalid StandardScaler state: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    return new StandardScaler(parsed.data.mean, parsed.data.std, parsed.data.count);
  }
}
