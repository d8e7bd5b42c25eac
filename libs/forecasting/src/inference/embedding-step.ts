/** The SeriesEmbedding layer at inference (see models/series-embedding.ts). */
import type { SeriesEmbedding } from '../models/series-embedding';
import { type CompiledLayer, ReusedBuffer, type SampleShape, weightValues } from './inference-step';

/**
 * SeriesEmbedding on [steps, channels + fields]: each step's plain channels, then the vectors of the rows its row
 * channels hold; flat, every step's plain channels, then the vectors once.
 */
export function compileSeriesEmbedding(layer: SeriesEmbedding, [steps]: SampleShape): CompiledLayer {
  const tables = weightValues(layer);
  const dims = layer.tables.map((table) => table.dim);
  const plain = layer.channels;
  const inWidth = plain + dims.length;
  const vectorsPerSample = layer.flat ? 1 : steps;
  const outSize = steps * plain + vectorsPerSample * layer.vectorSize;
  const output = new ReusedBuffer();
  return {
    shape: layer.flat ? [outSize] : [steps, plain + layer.vectorSize],
    step: {
      run: ([x], batch) => {
        const out = output.take(batch * outSize);
        let to = 0;
        for (let b = 0; b < batch; b++) {
          for (let t = 0; t < steps; t++) {
            const from = (b * steps + t) * inWidth;
            out.set(x.subarray(from, from + plain), to);
            to += plain;
            if (!layer.flat || t === steps - 1) to = writeVectors(x, from + plain, tables, dims, out, to);
          }
        }
        return out;
      },
    },
  };
}

/** The vector of each field's row (the row channels from `rowAt` on) into `out` from `to`; returns where they end. */
function writeVectors(x: Float32Array, rowAt: number, tables: readonly Float32Array[], dims: readonly number[], out: Float32Array, to: number): number {
  dims.forEach((dim, k) => {
    const row = x[rowAt + k];
    out.set(tables[k].subarray(row * dim, (row + 1) * dim), to);
    to += dim;
  });
  return to;
}
