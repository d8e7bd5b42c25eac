/**
 * Per-series scaling, fitted on a series' training part (or, for a global model, on each history) and saved with the
 * model: 'standard' is the StandardScaler (z-scores, today's default), 'mean' divides by the mean absolute value
 * (the level stays visible to the model: a series of 100s reads about 1), 'none' leaves values as they are.
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import { StandardScaler, standardScalerStateSchema } from '../scaling';
import type { ScaleKind } from './transform-spec';

/** What every scale does: one value or a series forward, one value back. */
export interface SeriesScale {
  readonly kind: ScaleKind;
  transformValue(x: number): number;
  inverseValue(z: number): number;
  /** Scaled copy as a Float32Array (the dtype models consume). */
  transform(values: ArrayLike<number>): Float32Array;
  toJSON(): SeriesScaleState;
}

const finite = z.number().refine(Number.isFinite, 'must be finite');
export const meanAbsScaleStateSchema = z.object({ kind: z.literal('mean'), scale: finite.pipe(z.number().positive()), count: z.number().int().nonnegative() });
export const noScaleStateSchema = z.object({ kind: z.literal('none') });
/** A saved scale; files written before `transforms` existed only hold 'standard' ones. */
export const seriesScaleStateSchema = z.discriminatedUnion('kind', [standardScalerStateSchema, meanAbsScaleStateSchema, noScaleStateSchema]);
export type SeriesScaleState = z.infer<typeof seriesScaleStateSchema>;

/** x / mean|x|. A series whose mean absolute value is below `minScale` (all zeros) is divided by 1. */
export class MeanAbsScaler implements SeriesScale {
  readonly kind = 'mean';

  constructor(
    readonly scale: number,
    readonly count: number,
  ) {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidArgumentError(`MeanAbsScaler needs a finite positive scale (got ${scale})`);
  }

  static fit(values: ArrayLike<number>, minScale = 1e-8): MeanAbsScaler {
    if (values.length === 0) throw new InvalidArgumentError('MeanAbsScaler.fit needs at least one value');
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new InvalidArgumentError(`MeanAbsScaler.fit: value at index ${i} is not a finite number (${values[i]})`);
      sum += Math.abs(values[i]);
    }
    return MeanAbsScaler.of(sum / values.length, values.length, minScale);
  }

  /** The scaler of `count` values of this mean absolute value; below `minScale` (all zeros) it divides by 1. */
  static of(meanAbs: number, count: number, minScale = 1e-8): MeanAbsScaler {
    return new MeanAbsScaler(meanAbs < minScale ? 1 : meanAbs, count);
  }

  transformValue(x: number): number {
    return x / this.scale;
  }

  inverseValue(z: number): number {
    return z * this.scale;
  }

  transform(values: ArrayLike<number>): Float32Array {
    return Float32Array.from(values, (x) => x / this.scale);
  }

  toJSON(): SeriesScaleState {
    return { kind: 'mean', scale: this.scale, count: this.count };
  }
}

/** The identity. */
export const NO_SCALE: SeriesScale = {
  kind: 'none',
  transformValue: (x) => x,
  inverseValue: (z) => z,
  transform: (values) => Float32Array.from(values),
  toJSON: () => ({ kind: 'none' }),
};

/** Fits a scale of `kind` on `values`. */
export function fitSeriesScale(kind: ScaleKind, values: ArrayLike<number>): SeriesScale {
  if (kind === 'standard') return StandardScaler.fit(values);
  return kind === 'mean' ? MeanAbsScaler.fit(values) : NO_SCALE;
}

/**
 * Scales of `kind` fitted on every span [from, to) of one series, each in O(1) after an O(n) pass (prefix sums of the
 * values, their squares and absolute values, taken from the first value so that sums stay small): what fitSeriesScale
 * gives on the same values, to float64 rounding.
 */
export class SpanScales {
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private readonly absolutes: Float64Array;
  private readonly origin: number;

  constructor(
    readonly kind: ScaleKind,
    values: ArrayLike<number>,
  ) {
    const n = values.length;
    this.origin = n > 0 ? values[0] : 0;
    this.sums = new Float64Array(n + 1);
    this.squares = new Float64Array(n + 1);
    this.absolutes = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const d = values[i] - this.origin;
      this.sums[i + 1] = this.sums[i] + d;
      this.squares[i + 1] = this.squares[i] + d * d;
      this.absolutes[i + 1] = this.absolutes[i] + Math.abs(values[i]);
    }
  }

  /** The scale fitted on values [from, to) (to > from). */
  of(from: number, to: number): SeriesScale {
    const count = to - from;
    if (this.kind === 'none') return NO_SCALE;
    if (this.kind === 'mean') return MeanAbsScaler.of((this.absolutes[to] - this.absolutes[from]) / count, count);
    const offset = (this.sums[to] - this.sums[from]) / count;
    const variance = Math.max(0, (this.squares[to] - this.squares[from]) / count - offset * offset);
    return StandardScaler.of(this.origin + offset, Math.sqrt(variance), count);
  }
}

/** Restores a saved scale (validated). Throws InvalidArgumentError on a bad state. */
export function seriesScaleFromJSON(state: unknown): SeriesScale {
  const parsed = seriesScaleStateSchema.safeParse(state);
  if (!parsed.success) {
    throw new InvalidArgumentError(`Invalid scale state: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const s = parsed.data;
  if (s.kind === 'standard') return StandardScaler.fromJSON(s);
  return s.kind === 'mean' ? new MeanAbsScaler(s.scale, s.count) : NO_SCALE;
}
