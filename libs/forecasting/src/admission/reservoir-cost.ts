/**
 * What fitting an ESN costs (reservoir/): no epochs and no gradients, one pass of every window through each reservoir,
 * the readout's normal equations accumulated row by row, and a ridge solve per penalty tried. Counted from its spec
 * alone, as the other architectures' costs are.
 */
import type { ForecasterSpec } from '../forecaster-spec';
import { readoutFeatureCount } from '../reservoir/readout-features';
import type { ResolvedEsnParams } from '../reservoir/esn-spec';
import { RIDGE_CANDIDATES } from '../reservoir/ridge-readout';
import type { TrainingCostEstimate } from './training-cost';

const FLOAT64_BYTES = 8;
const FLOAT32_BYTES = 4;
/** Reservoir states computed at a time (readout-features.ts), and windows run side by side (reservoir.ts), at most. */
const STATE_CHUNK = 1024;
const RESERVOIR_BATCH = 128;

/** The run of an ESN's fit: its training windows (the batch size and epochs of gradient descent do not apply). */
export function esnTrainingCost(spec: ForecasterSpec, windows: number): TrainingCostEstimate {
  const { reservoirSize: size, sparsity, washout, reservoirs, online } = spec.params as ResolvedEsnParams;
  const features = readoutFeatureCount(spec.lookback, size);
  const outputs = spec.horizon;
  const perUnit = Math.max(1, Math.round((1 - sparsity) * size));
  // per window and reservoir: each driven step (input, recurrent connections, activation, leak), then its row of XᵀX and XᵀY
  const macsPerWindow = washout * size * (perUnit + 4) + (features * features) / 2 + features * outputs;
  // per reservoir: a Cholesky factorisation and solve per penalty tried and for the final fit, and its inverse when online
  const solveMacs = (RIDGE_CANDIDATES.length + 1 + (online ? 1 : 0)) * (features ** 3 / 3 + features * features * outputs);
  const reservoirBytes = size * perUnit * (FLOAT64_BYTES + 4) + 2 * size * FLOAT64_BYTES;
  const readoutBytes = FLOAT64_BYTES * (features * outputs + (online ? features * features : 0));
  // the normal equations of the training, gap and validation windows, and the regularized copy and factor of a solve
  const fitBytes = FLOAT64_BYTES * (5 * features * features + 4 * features * outputs);
  const weightBytes = reservoirs * (reservoirBytes + readoutBytes) + fitBytes;
  const activationBytesPerBatch = FLOAT64_BYTES * size * (STATE_CHUNK + 2 * RESERVOIR_BATCH) + FLOAT64_BYTES * washout * RESERVOIR_BATCH;
  // the windows are cut per series and joined (two copies), float32
  const windowBytes = 2 * FLOAT32_BYTES * windows * (spec.lookback + outputs);
  const flopsPerWindow = 2 * reservoirs * macsPerWindow;
  return {
    architecture: spec.architecture,
    family: 'reservoir',
    parameters: reservoirs * features * outputs,
    weightBytes,
    activationBytesPerBatch,
    windowBytes,
    trainingMemoryBytes: weightBytes + activationBytesPerBatch + windowBytes,
    flopsPerWindow,
    windows,
    batchesPerEpoch: 1,
    epochs: 1,
    totalFlops: windows * flopsPerWindow + 2 * reservoirs * solveMacs,
  };
}
