/** What training a forecaster would cost, estimated from its definition before anything is built. */
import { z } from 'zod';
import { ENSEMBLE_ARCHITECTURE, memberSpecOf, type EnsembleParams } from '../ensembles/ensemble-spec';
import { SpecError } from '../errors';
import { forecastLayout, type ForecasterSpec, modelDims, validateSpec } from '../forecaster-spec';
import { formatIssues } from '../models';
import { type ArchitectureFamily, architectureCosts } from './architecture-costs';
import { ESN_ARCHITECTURE } from '../reservoir/esn-spec';
import { esnTrainingCost } from './reservoir-cost';

const FLOAT32_BYTES = 4;
/**
 * Copies of the weights a fit holds at its peak: the weights, Adam's two moments and the best-epoch snapshot for the
 * whole fit, and during each update the gradients and Adam's temporaries (tf.train.adam computes a dozen weight-sized
 * tensors per variable inside one tidy). Measured: 18 copies at the peak of one step with tf.train.adam, the optimizer
 * of a GPU trainer (training-memory.spec.ts). On the wasm backend FlatAdam needs about half as many.
 */
export const WEIGHT_COPIES = 19;
/**
 * Peak activation memory of a step per float the forward pass keeps: tfjs' backward pass runs in one tidy, so its
 * intermediate gradients live until it ends, next to the forward activations. Measured at 3 to 4 (training-memory.spec.ts).
 */
export const BACKWARD_ACTIVATION_FACTOR = 4;
/** The training windows exist twice: as the windowing's typed arrays and as the backend's tensors. */
const WINDOW_COPIES = 2;
/** Training FLOPs per forward multiply-add: 2 FLOPs each, and the backward pass does about twice the forward work. */
const TRAINING_FLOPS_PER_MAC = 6;

export const trainingRunSchema = z
  .object({
    batchSize: z.number().int().min(1),
    epochs: z.number().int().min(1),
    /** Training windows per epoch (of every series, for a global model). */
    windows: z.number().int().min(0),
  })
  .strict();

/** A forecaster's spec and how it would be trained. */
export interface TrainingCostDefinition extends ForecasterSpec, z.input<typeof trainingRunSchema> {}

export interface TrainingCostEstimate {
  architecture: string;
  family: ArchitectureFamily;
  /** Trainable parameters (exactly those of the model the spec builds). */
  parameters: number;
  /** Weights, gradients, Adam's moments and temporaries, the best-weight snapshot. */
  weightBytes: number;
  /** Activations of one batch's forward pass and its backward pass's intermediates. */
  activationBytesPerBatch: number;
  /** The training windows, held for the whole fit. */
  windowBytes: number;
  /** weightBytes + activationBytesPerBatch + windowBytes: the most a fit holds at once. */
  trainingMemoryBytes: number;
  /** Training FLOPs (forward and backward) of one window. */
  flopsPerWindow: number;
  windows: number;
  batchesPerEpoch: number;
  epochs: number;
  /** Training FLOPs of every epoch (early stopping may end the fit sooner). */
  totalFlops: number;
  /** An ensemble's: each member's estimate (trained one after another, each at its family's throughput). */
  members?: TrainingCostEstimate[];
}

/**
 * Estimates the cost of training `definition` with the analytic cost model of its architecture (admission/
 * architecture-costs.ts; an ESN's in reservoir-cost.ts: one pass, whatever the epochs). Throws SpecError for an invalid spec or run.
 */
export function estimateTrainingCost(definition: TrainingCostDefinition): TrainingCostEstimate {
  const { batchSize, epochs, windows, ...specFields } = definition;
  const run = trainingRunSchema.safeParse({ batchSize, epochs, windows });
  if (!run.success) throw new SpecError('Invalid training run', formatIssues(run.error));
  const spec = validateSpec(specFields);
  if (spec.architecture === ENSEMBLE_ARCHITECTURE) return ensembleCost(spec, run.data);
  if (spec.architecture === ESN_ARCHITECTURE) return esnTrainingCost(spec, run.data.windows);
  const layout = forecastLayout(spec);
  const cost = architectureCostOf(spec.architecture);
  const perWindow = cost.perWindow(spec.params, modelDims(layout));
  // the batch's inputs and targets, the outputs, the loss's elementwise terms and (quantiles) the monotone transform
  const inputOutput = layout.lookback * layout.features + 4 * layout.outputs + (layout.quantiles ? 4 * layout.outputs : 0);
  const weightBytes = WEIGHT_COPIES * FLOAT32_BYTES * perWindow.parameters;
  const activationBytesPerBatch = BACKWARD_ACTIVATION_FACTOR * FLOAT32_BYTES * run.data.batchSize * (perWindow.activations + inputOutput);
  const windowBytes = WINDOW_COPIES * FLOAT32_BYTES * run.data.windows * (layout.lookback * layout.features + layout.steps * layout.targets);
  const flopsPerWindow = TRAINING_FLOPS_PER_MAC * perWindow.macs;
  return {
    architecture: spec.architecture,
    family: cost.family,
    parameters: perWindow.parameters,
    weightBytes,
    activationBytesPerBatch,
    windowBytes,
    trainingMemoryBytes: weightBytes + activationBytesPerBatch + windowBytes,
    flopsPerWindow,
    windows: run.data.windows,
    batchesPerEpoch: Math.ceil(run.data.windows / run.data.batchSize),
    epochs: run.data.epochs,
    totalFlops: run.data.epochs * run.data.windows * flopsPerWindow,
  };
}

/**
 * An ensemble's cost, its members' summed: parameters and FLOPs add up. The members train one after another, so a fit
 * holds one member's training state (its weightBytes) next to every other member's weights (one copy each), one batch's
 * activations and one member's windows at a time: those are the largest member's. The family is that of the member
 * with the most FLOPs; `members` lets the time be summed member by member, each at its family's throughput.
 */
function ensembleCost(spec: ForecasterSpec, run: z.output<typeof trainingRunSchema>): TrainingCostEstimate {
  const members = (spec.params as EnsembleParams).members.map((member) => estimateTrainingCost({ ...memberSpecOf(member, spec), ...run }));
  const sum = (field: 'parameters' | 'flopsPerWindow' | 'totalFlops') => members.reduce((total, m) => total + m[field], 0);
  const max = (field: 'activationBytesPerBatch' | 'windowBytes') => Math.max(...members.map((m) => m[field]));
  const parameters = sum('parameters');
  const weightBytes = Math.max(...members.map((m) => m.weightBytes + FLOAT32_BYTES * (parameters - m.parameters)));
  const heaviest = members.reduce((a, b) => (b.totalFlops > a.totalFlops ? b : a));
  return {
    architecture: spec.architecture,
    family: heaviest.family,
    parameters,
    weightBytes,
    activationBytesPerBatch: max('activationBytesPerBatch'),
    windowBytes: max('windowBytes'),
    trainingMemoryBytes: weightBytes + max('activationBytesPerBatch') + max('windowBytes'),
    flopsPerWindow: sum('flopsPerWindow'),
    windows: run.windows,
    batchesPerEpoch: Math.ceil(run.windows / run.batchSize),
    epochs: run.epochs,
    totalFlops: sum('totalFlops'),
    members,
  };
}

function architectureCostOf(name: string) {
  const cost = Object.prototype.hasOwnProperty.call(architectureCosts, name) ? architectureCosts[name] : undefined;
  // validateSpec has accepted the name, so the architecture is registered: its cost model is missing from the table
  if (!cost) throw new Error(`architecture "${name}" has no cost model in admission/architecture-costs.ts`);
  return cost;
}
