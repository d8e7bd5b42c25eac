import * as tf from '@tensorflow/tfjs';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { mulberry32, normalSampler } from '../util/random';

/** tfjs-layers' Initializer base class (not exported by name; recovered from a built-in subclass). */
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as typeof Initializer;

export interface OrthogonalArgs {
  seed: number;
  gain?: number;
}

/**
 * Orthogonal initializer (Saxe et al.), same distribution as Keras' `Orthogonal`, computed in plain JS
 * (modified Gram-Schmidt in float64) from a seeded PRNG. tfjs' built-in one runs a QR decomposition op
 * by op on the backend (slow for a 64x256 recurrent kernel, and it warns above 2000 elements).
 */
export class TsfOrthogonal extends InitializerBase {
  static className = 'TsfOrthogonal';
  readonly seed: number;
  readonly gain: number;

  constructor(args: OrthogonalArgs) {
    super();
    this.seed = args.seed >>> 0;
    this.gain = args.gain ?? 1;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error(`TsfOrthogonal needs a shape of rank >= 2 (got [${shape}])`);
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`TsfOrthogonal supports float32 only (got ${dtype})`);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const values = orthogonalMatrix(rows, cols, this.seed, this.gain);
    return tf.tensor(values, shape, 'float32');
  }

  getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed, gain: this.gain };
  }
}
tf.serialization.registerClass(TsfOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/** rows x cols matrix (row-major) with orthonormal rows (rows <= cols) or columns (rows > cols), times gain. */
export function orthogonalMatrix(rows: number, cols: number, seed: number, gain = 1): Float32Array {
  const tall = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  const normal = normalSampler(mulberry32(seed));
  // q holds k column vectors of length `tall`, column-major: q[j * tall + i].
  const q = new Float64Array(tall * k);
  for (let j = 0; j < k; j++) {
    const col = q.subarray(j * tall, (j + 1) * tall);
    for (let attempt = 0; ; attempt++) {
      for (let i = 0; i < tall; i++) col[i] = normal();
      for (let p = 0; p < j; p++) {
        const prev = q.subarray(p * tall, (p + 1) * tall);
        let dot = 0;
        for (let i = 0; i < tall; i++) dot += prev[i] * col[i];
        for (let i = 0; i < tall; i++) col[i] -= dot * prev[i];
      }
      let norm = 0;
      for (let i = 0; i < tall; i++) norm += col[i] * col[i];
      norm = Math.sqrt(norm);
      if (norm > 1e-6 || attempt > 10) {
        for (let i = 0; i < tall; i++) col[i] /= norm;
        break;
      }
    }
  }
  const out = new Float32Array(rows * cols);
  if (rows >= cols) {
    // Columns of the result are the orthonormal vectors.
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * q[c * tall + r];
  } else {
    // Rows of the result are the orthonormal vectors.
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * q[r * tall + c];
  }
  return out;
}

export interface LstmBiasArgs {
  /** Units of the LSTM cell (the bias has 4·units entries: input, forget, cell, output gates). */
  units: number;
  /** Forget-gate bias 1 instead of 0. */
  unitForgetBias?: boolean;
}

/**
 * LSTM bias: zeros, with the forget-gate block set to 1 when unitForgetBias. Replaces tfjs-layers'
 * own `unitForgetBias` option, whose initializer leaks 4 tensors every time a model is built or loaded.
 */
export class TsfLstmBias extends InitializerBase {
  static className = 'TsfLstmBias';
  readonly units: number;
  readonly unitForgetBias: boolean;

  constructor(args: LstmBiasArgs) {
    super();
    this.units = args.units;
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.length !== 1 || size !== 4 * this.units) throw new Error(`TsfLstmBias expects shape [${4 * this.units}] (got [${shape}])`);
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`TsfLstmBias supports float32 only (got ${dtype})`);
    const values = new Float32Array(size);
    if (this.unitForgetBias) values.fill(1, this.units, 2 * this.units);
    return tf.tensor1d(values, 'float32');
  }

  getConfig(): tf.serialization.ConfigDict {
    return { units: this.units, unitForgetBias: this.unitForgetBias };
  }
}
tf.serialization.registerClass(TsfLstmBias as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
