/** Dense products at inference on the kernels' gemm, with the weights resident in wasm memory. */
import type * as tf from '@tensorflow/tfjs';
import { type Ptr, recurrentHeap } from '../kernels/wasm-heap';
import { type CompiledLayer, ReusedBuffer, type SampleShape, size, weightValues } from './inference-step';

/** y = x·W (+ b) for rows of `inputs` values, W [inputs, units] row-major, copied into wasm memory once. */
export class ResidentDense {
  private readonly heap = recurrentHeap();
  private readonly w: Ptr;

  constructor(
    kernel: Float32Array,
    private readonly bias: Float32Array | null,
    readonly inputs: number,
    readonly units: number,
  ) {
    this.w = this.heap.copyIn(kernel);
  }

  /** The product for `rows` rows at `a` (wasm memory, `stride` floats apart), written at `c` (rows × units). */
  product(a: Ptr, rows: number, c: Ptr, stride = this.inputs): void {
    const f32 = this.heap.f32;
    const base = c >> 2;
    if (this.bias) for (let r = 0; r < rows; r++) f32.set(this.bias, base + r * this.units);
    else f32.fill(0, base, base + rows * this.units);
    this.heap.exports.gemm(rows, this.units, this.inputs, a, stride, 1, this.w, this.units, c, this.units, 1);
  }

  /** The product for the rows of `x`, written into `into` (rows × units). */
  apply(x: Float32Array, into: Float32Array): void {
    const rows = x.length / this.inputs;
    const a = this.heap.copyIn(x);
    const c = this.heap.alloc(rows * this.units);
    try {
      this.product(a, rows, c);
      into.set(this.heap.f32.subarray(c >> 2, (c >> 2) + rows * this.units));
    } finally {
      this.heap.release(a);
      this.heap.release(c);
    }
  }

  release(): void {
    this.heap.release(this.w);
  }
}

/** A Dense layer (linear or ReLU) over the last axis. */
export function compileDense(layer: tf.layers.Layer, shape: SampleShape): CompiledLayer | null {
  const { useBias, units, activation } = layer as unknown as { useBias: boolean; units: number; activation: { getClassName(): string } };
  const activationName = activation.getClassName();
  if (activationName !== 'linear' && activationName !== 'relu') return null;
  const [kernel, bias] = weightValues(layer);
  const dense = new ResidentDense(kernel, useBias ? bias : null, shape[shape.length - 1], units);
  const rowsPerSample = size(shape) / dense.inputs;
  const output = new ReusedBuffer();
  return {
    step: {
      run: ([x], batch) => {
        const out = output.take(batch * rowsPerSample * units);
        dense.apply(x, out);
        if (activationName === 'relu') for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
        return out;
      },
      release: () => dense.release(),
    },
    shape: [...shape.slice(0, -1), units],
  };
}
