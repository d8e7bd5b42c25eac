/**
 * A fixed random reservoir of leaky-integrator tanh units (Jaeger's Echo State Network): for an input u_t,
 * x_t = (1 − a)·x_{t−1} + a·tanh(w_in·u_t + b + W·x_{t−1}), from x = 0. W is sparse (each unit reads the same number
 * of others, chosen at random) and scaled to a given spectral radius; w_in and b are uniform in ±inputScaling.
 * Nothing here is trained.
 */
import { mulberry32 } from '../util/random';

/** What shapes a reservoir (the ESN's params). */
export interface ReservoirShape {
  reservoirSize: number;
  spectralRadius: number;
  leakRate: number;
  inputScaling: number;
  sparsity: number;
}

/** A reservoir's weights: W in rows of `perUnit` (column, value) pairs. */
export interface ReservoirWeights {
  size: number;
  leakRate: number;
  /** Recurrent connections per unit. */
  perUnit: number;
  /** size × perUnit columns of W, unit by unit. */
  columns: Int32Array;
  /** size × perUnit values of W, in the order of `columns`. */
  values: Float64Array;
  input: Float64Array;
  bias: Float64Array;
}

/** Windows a reservoir runs side by side: states are laid out unit-major, so the inner loops run over the batch. */
const BATCH = 128;

/** Power-iteration steps of the spectral radius estimate. */
const RADIUS_ITERATIONS = 1000;

export class Reservoir {
  constructor(readonly weights: ReservoirWeights) {}

  /** A reservoir of `shape` drawn from `seed` (the same seed and shape give the same weights). */
  static random(shape: ReservoirShape, seed: number): Reservoir {
    const uniform = mulberry32(seed);
    const size = shape.reservoirSize;
    const perUnit = Math.max(1, Math.round((1 - shape.sparsity) * size));
    const columns = new Int32Array(size * perUnit);
    const values = new Float64Array(size * perUnit);
    const order = Int32Array.from({ length: size }, (_, i) => i);
    for (let unit = 0; unit < size; unit++) {
      // the first perUnit of a partial Fisher-Yates shuffle: distinct columns
      for (let k = 0; k < perUnit; k++) {
        const j = k + Math.floor(uniform() * (size - k));
        [order[k], order[j]] = [order[j], order[k]];
        columns[unit * perUnit + k] = order[k];
        values[unit * perUnit + k] = 2 * uniform() - 1;
      }
    }
    const radius = spectralRadius({ size, perUnit, columns, values }, mulberry32(seed ^ 0x5bd1e995));
    // a W with no cycle (radius 0) has nothing to scale: it stays as drawn
    if (radius > 0) values.forEach((v, i) => (values[i] = (v * shape.spectralRadius) / radius));
    const scaled = () => (2 * uniform() - 1) * shape.inputScaling;
    const input = Float64Array.from({ length: size }, scaled);
    const bias = Float64Array.from({ length: size }, scaled);
    return new Reservoir({ size, leakRate: shape.leakRate, perUnit, columns, values, input, bias });
  }

  get size(): number {
    return this.weights.size;
  }

  /**
   * The state after the last `steps` inputs of each of `count` windows (`inputs`: count × length values, oldest
   * first), into `states` (count × size, window by window). Each window starts from x = 0.
   */
  finalStates(inputs: ArrayLike<number>, count: number, length: number, steps: number, states = new Float64Array(count * this.size)): Float64Array {
    const { size, leakRate, perUnit, columns, values, input, bias } = this.weights;
    const x = new Float64Array(size * BATCH);
    const pre = new Float64Array(size * BATCH);
    const u = new Float64Array(steps * BATCH);
    for (let first = 0; first < count; first += BATCH) {
      const batch = Math.min(BATCH, count - first);
      // the batch's inputs step-major, so that every loop below runs over the batch
      for (let k = 0; k < batch; k++) {
        for (let t = 0; t < steps; t++) u[t * BATCH + k] = inputs[(first + k) * length + length - steps + t];
      }
      x.fill(0);
      for (let t = 0; t < steps; t++) {
        for (let unit = 0; unit < size; unit++) {
          const row = unit * BATCH;
          const w = input[unit];
          const b = bias[unit];
          for (let k = 0; k < batch; k++) pre[row + k] = w * u[t * BATCH + k] + b;
          for (let c = unit * perUnit; c < (unit + 1) * perUnit; c++) {
            const from = columns[c] * BATCH;
            const v = values[c];
            for (let k = 0; k < batch; k++) pre[row + k] += v * x[from + k];
          }
        }
        for (let i = 0; i < size * BATCH; i++) x[i] += leakRate * (tanh(pre[i]) - x[i]);
      }
      for (let k = 0; k < batch; k++) {
        for (let unit = 0; unit < size; unit++) states[(first + k) * size + unit] = x[unit * BATCH + k];
      }
    }
    return states;
  }
}

/** Beyond ±TANH_CLAMP, tanh is 1 to within 10⁻⁶ and the approximant below is no longer accurate. */
const TANH_CLAMP = 7.6;

/**
 * The reservoir's activation: tanh by its [9/8] Padé approximant (from Lambert's continued fraction), clamped to ±1,
 * within 10⁻⁵ of Math.tanh everywhere, monotone, and about six times cheaper: the activation is much of a reservoir's work.
 */
export function tanh(v: number): number {
  const x = v > TANH_CLAMP ? TANH_CLAMP : v < -TANH_CLAMP ? -TANH_CLAMP : v;
  const x2 = x * x;
  const y = (x * (34459425 + x2 * (4729725 + x2 * (135135 + x2 * (990 + x2))))) / (34459425 + x2 * (16216200 + x2 * (945945 + x2 * (13860 + 45 * x2))));
  return y > 1 ? 1 : y < -1 ? -1 : y;
}

/**
 * The spectral radius (largest |eigenvalue|) of a sparse W, estimated by the growth rate of ‖Wᵏv‖ over the second
 * half of RADIUS_ITERATIONS power-iteration steps from a random v (Gelfand's formula); unlike the Rayleigh quotient,
 * it also converges when the largest eigenvalues are a complex pair, as they often are for a random W. 0 when Wᵏv
 * vanishes (W nilpotent).
 */
export function spectralRadius(w: Pick<ReservoirWeights, 'size' | 'perUnit' | 'columns' | 'values'>, uniform: () => number): number {
  const { size, perUnit, columns, values } = w;
  let v = Float64Array.from({ length: size }, () => 2 * uniform() - 1);
  let next = new Float64Array(size);
  let logGrowth = 0;
  const counted = RADIUS_ITERATIONS / 2;
  for (let iteration = 0; iteration < RADIUS_ITERATIONS; iteration++) {
    let norm = 0;
    for (let unit = 0; unit < size; unit++) {
      let sum = 0;
      for (let c = unit * perUnit; c < (unit + 1) * perUnit; c++) sum += values[c] * v[columns[c]];
      next[unit] = sum;
      norm += sum * sum;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return 0;
    if (iteration >= RADIUS_ITERATIONS - counted) logGrowth += Math.log(norm);
    for (let unit = 0; unit < size; unit++) next[unit] /= norm;
    [v, next] = [next, v];
  }
  return Math.exp(logGrowth / counted);
}
