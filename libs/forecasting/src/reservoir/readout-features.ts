import type { Reservoir } from './reservoir';

/** Windows whose reservoir states are computed at a time (bounds the states held, and how long the event loop waits). */
const CHUNK = 1024;

/** Features the readout reads per window: a constant, the window's lookback values, the reservoir's final state. */
export function readoutFeatureCount(lookback: number, reservoirSize: number): number {
  return 1 + lookback + reservoirSize;
}

/**
 * Calls `visit(row, w)` with the readout's features of each of `count` windows (`inputs`: count × lookback model-space
 * values): [1, the window's values, the reservoir's state after the window's last `washout` values]. The readout thus
 * reads the window directly as well as through the reservoir (an ESN's input-to-output connections), so it is never
 * worse than a linear model of the window on the data it is fitted on. `row` is reused from one call to the next.
 * Yields to the event loop between chunks of windows.
 */
export async function forEachReadoutRow(
  reservoir: Reservoir,
  inputs: Float32Array,
  count: number,
  lookback: number,
  washout: number,
  visit: (row: Float64Array, w: number) => void,
): Promise<void> {
  const size = reservoir.size;
  const row = new Float64Array(readoutFeatureCount(lookback, size));
  const states = new Float64Array(CHUNK * size);
  row[0] = 1;
  for (let first = 0; first < count; first += CHUNK) {
    const n = Math.min(CHUNK, count - first);
    const chunk = inputs.subarray(first * lookback, (first + n) * lookback);
    reservoir.finalStates(chunk, n, lookback, washout, states);
    for (let k = 0; k < n; k++) {
      row.set(chunk.subarray(k * lookback, (k + 1) * lookback), 1);
      row.set(states.subarray(k * size, (k + 1) * size), 1 + lookback);
      visit(row, first + k);
    }
    if (first + n < count) await new Promise((resolve) => setImmediate(resolve));
  }
}
