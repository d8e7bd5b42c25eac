import * as tf from '@tensorflow/tfjs';
import { getArchitecture, parseArchitectureParams, trainModel, type FitProgress, type LossName, type Windows } from '@tsf/forecasting';

/** A registered architecture with its hyperparameters. */
export interface ModelSpec {
  readonly architecture: string;
  readonly params: Record<string, unknown>;
}

export interface TrainSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: LossName;
  /** Early stopping on the validation windows (best weights restored). */
  readonly patience: number;
  readonly clipNorm: number;
  readonly seed: number;
  readonly onEpoch?: (progress: FitProgress) => void;
}

/** A trained global model: one set of weights for every series, fed windows of shape [tokens, tokenSize]. */
export interface GlobalModel {
  /** Outputs for `count` input windows laid out as the training inputs were, in batches. */
  predict(inputs: Float32Array, count: number): Float32Array;
  dispose(): void;
  readonly trainSeconds: number;
  readonly epochs: number;
  /** Lowest validation loss reached (the weights kept are those of that epoch). */
  readonly valLoss: number;
}

const PREDICT_BATCH = 2048;

/**
 * Builds `spec` from the lib's registry for the windows' shape and trains it with the lib's training loop (Adam,
 * clipping, early stopping on `val`, the architecture's own training step such as seq2seq's scheduled sampling).
 */
export async function trainGlobalModel(spec: ModelSpec, train: Windows, val: Windows, settings: TrainSettings): Promise<GlobalModel> {
  const architecture = getArchitecture(spec.architecture);
  const config = parseArchitectureParams(spec.architecture, spec.params);
  const dims = { lookback: train.lookback, horizon: train.horizon, features: train.features };
  const model = architecture.build(config, dims, { seed: settings.seed });
  const outcome = await trainModel(model, train, val, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    schedule: { type: 'cosine', minLearningRate: settings.learningRate / 10 },
    clipNorm: settings.clipNorm,
    patience: settings.patience,
    minDelta: 0,
    restoreBestWeights: true,
    loss: settings.loss,
    step: architecture.trainingStep?.(config, dims, { seed: settings.seed }),
    shuffleSeed: settings.seed,
    onEpoch: settings.onEpoch,
  });
  const windowSize = train.lookback * train.features;
  return {
    trainSeconds: outcome.durationMs / 1000,
    epochs: outcome.epochs,
    valLoss: outcome.bestLoss,
    predict(inputs, count) {
      const out = new Float32Array(count * train.horizon);
      for (let from = 0; from < count; from += PREDICT_BATCH) {
        const rows = Math.min(PREDICT_BATCH, count - from);
        const batch = inputs.subarray(from * windowSize, (from + rows) * windowSize);
        const result = tf.tidy(() => model.predict(tf.tensor3d(batch, [rows, train.lookback, train.features])) as tf.Tensor);
        out.set(result.dataSync() as Float32Array, from * train.horizon);
        result.dispose();
      }
      return out;
    },
    dispose: () => model.dispose(),
  };
}
