import * as tf from '@tensorflow/tfjs';
import { TrainingDivergedError } from '../errors';
import { mulberry32, shuffleInPlace } from '../util/random';
import { targetWidth, type Windows } from '../windowing';
import { pointLoss, type LossFn, type LossName } from './losses';
import { createSchedule, type LearningRateSchedule } from './schedules';

export interface FitProgress {
  /** 1-based epoch just completed. */
  epoch: number;
  /** Maximum epochs of this fit. */
  epochs: number;
  /** Mean training loss of the epoch (in scaled units). */
  loss: number;
  /** Validation loss after the epoch, when a validation split is used. */
  valLoss?: number;
  /** Learning rate used for the epoch. */
  learningRate: number;
  /** Milliseconds since fit started. */
  elapsedMs: number;
  /** Estimated milliseconds left if all remaining epochs run. */
  etaMs: number;
  /** Scheduled sampling: probability of feeding the decoder its own prediction during the epoch (seq2seq). */
  samplingProbability?: number;
}

/** What a training step reports about the epoch it is about to run. */
export interface EpochInfo {
  samplingProbability?: number;
}

/**
 * A custom training forward pass (e.g. a decoder unrolled with teacher forcing). The loop still owns the optimizer,
 * clipping, shuffling, validation, early stopping and progress; only the forward pass of training batches changes.
 */
export interface TrainingStep {
  /** Called before each epoch (0-based) of a fit of `epochs` epochs. */
  beginEpoch?(epoch: number, epochs: number): EpochInfo;
  /** Training-mode outputs for a batch; runs inside the gradient tape. */
  forward(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Tensor;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  schedule?: LearningRateSchedule;
  clipNorm?: number;
  /** Early stopping patience in epochs; undefined disables early stopping. */
  patience?: number;
  minDelta: number;
  restoreBestWeights: boolean;
  /** A named point loss or a loss function (e.g. pinball for a quantile head). */
  loss: LossName | LossFn;
  /** Custom forward pass for training batches. Default: model.apply(x, { training: true }). */
  step?: TrainingStep;
  /** Seeds batch shuffling; random when undefined. */
  shuffleSeed: number;
  onEpoch?: (p: FitProgress) => void | Promise<void>;
  shouldStop?: () => boolean;
}

export interface TrainOutcome {
  epochs: number;
  loss: number;
  valLoss?: number;
  bestEpoch: number;
  bestLoss: number;
  monitor: 'val_loss' | 'loss';
  stoppedEarly: boolean;
  cancelled: boolean;
  restoredBestWeights: boolean;
  durationMs: number;
  trainTimeMs: number;
  samplesSeen: number;
  history: TrainHistory;
}

export interface TrainHistory {
  loss: number[];
  valLoss: number[];
  learningRate: number[];
  /** Per epoch, when the training step uses scheduled sampling. */
  samplingProbability?: number[];
}

/**
 * Scales all gradients by min(1, clipNorm / globalNorm), in place on the map (call inside tf.tidy).
 * Note: Adam is invariant to a constant gradient scale, so clipping acts on spikes (steps whose norm
 * exceeds clipNorm relative to the others), which is what it is for.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): void {
  const names = Object.keys(grads);
  if (names.length === 0) return;
  const sq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))));
  const norm = tf.sqrt(sq);
  const scale = tf.div(tf.scalar(clipNorm), tf.maximum(norm, tf.scalar(clipNorm)));
  for (const n of names) grads[n] = tf.mul(grads[n], scale);
}

const now = () => performance.now();
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function evaluate(model: tf.LayersModel, x: tf.Tensor3D, y: tf.Tensor2D, loss: LossFn, batchSize: number): number {
  const n = x.shape[0];
  let total = 0;
  for (let b = 0; b < n; b += batchSize) {
    const size = Math.min(batchSize, n - b);
    const value = tf.tidy(() => {
      const xb = tf.slice(x, [b, 0, 0], [size, -1, -1]);
      const yb = tf.slice(y, [b, 0], [size, -1]);
      return loss(yb, model.apply(xb, { training: false }) as tf.Tensor);
    });
    total += value.dataSync()[0] * size;
    value.dispose();
  }
  return total / n;
}

/**
 * Custom training loop: Adam (+ schedule), optional global-norm clipping, shuffled mini-batches,
 * per-epoch validation, early stopping with best-weight restore, progress and cancellation hooks.
 */
export async function trainModel(model: tf.LayersModel, train: Windows, val: Windows | null, opts: TrainOptions): Promise<TrainOutcome> {
  const started = now();
  const n = train.count;
  const xT = tf.tensor3d(train.inputs, [n, train.lookback, train.features]);
  const yT = tf.tensor2d(train.targets, [n, targetWidth(train)]);
  const xV = val && val.count > 0 ? tf.tensor3d(val.inputs, [val.count, val.lookback, val.features]) : null;
  const yV = val && val.count > 0 ? tf.tensor2d(val.targets, [val.count, targetWidth(val)]) : null;
  const loss = typeof opts.loss === 'function' ? opts.loss : pointLoss(opts.loss);
  const forward = opts.step ? opts.step.forward.bind(opts.step) : (m: tf.LayersModel, x: tf.Tensor) => m.apply(x, { training: true }) as tf.Tensor;
  const optimizer = tf.train.adam(opts.learningRate);
  const setLearningRate = (lr: number) => {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const schedule = createSchedule(opts.schedule, opts.learningRate, opts.epochs);
  const rng = mulberry32(opts.shuffleSeed);
  const order = new Int32Array(n);
  const history: TrainOutcome['history'] = { loss: [], valLoss: [], learningRate: [] };
  const monitor: TrainOutcome['monitor'] = xV ? 'val_loss' : 'loss';
  const earlyStopping = opts.patience !== undefined;

  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  let wait = 0;
  let epochsRun = 0;
  let stoppedEarly = false;
  let cancelled = false;
  let partialEpoch = false; // cancelled after some batches of an epoch had already updated the weights
  let trainTimeMs = 0;
  let samplesSeen = 0;
  let lastYield = now();

  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      if (opts.shouldStop?.()) {
        cancelled = true;
        break;
      }
      const lr = schedule.next(epoch);
      setLearningRate(lr);
      const info = opts.step?.beginEpoch?.(epoch, opts.epochs) ?? {};
      for (let i = 0; i < n; i++) order[i] = i;
      shuffleInPlace(order, rng);

      let lossSum = 0;
      let seen = 0;
      for (let b = 0; b < n; b += opts.batchSize) {
        const idx = order.subarray(b, Math.min(b + opts.batchSize, n));
        const t0 = now();
        const lossT = tf.tidy(() => {
          const idxT = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(xT, idxT);
          const yb = tf.gather(yT, idxT);
          const { value, grads } = tf.variableGrads(() => loss(yb, forward(model, xb, yb)), vars);
          if (opts.clipNorm !== undefined) clipByGlobalNorm(grads, opts.clipNorm);
          optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
          return value;
        });
        const batchLoss = (await lossT.data())[0];
        lossT.dispose();
        trainTimeMs += now() - t0;
        if (!Number.isFinite(batchLoss)) {
          throw new TrainingDivergedError(
            `Training diverged: loss became ${batchLoss} in epoch ${epoch + 1}; lower learningRate or set clipNorm`,
            { epoch: epoch + 1, learningRate: lr },
          );
        }
        lossSum += batchLoss * idx.length;
        seen += idx.length;
        if (now() - lastYield > 50) {
          await yieldToEventLoop(); // keep heartbeats/IO alive during long epochs
          lastYield = now();
        }
        if (opts.shouldStop?.()) {
          cancelled = true;
          partialEpoch = true;
          break;
        }
      }
      samplesSeen += seen;
      if (cancelled) break;
      epochsRun = epoch + 1;

      const epochLoss = lossSum / Math.max(1, seen);
      const valLoss = xV && yV ? evaluate(model, xV, yV, loss, 512) : undefined;
      history.loss.push(epochLoss);
      history.learningRate.push(lr);
      if (valLoss !== undefined) history.valLoss.push(valLoss);
      if (info.samplingProbability !== undefined) (history.samplingProbability ??= []).push(info.samplingProbability);
      const monitored = valLoss ?? epochLoss;
      schedule.observe(monitored);

      if (monitored < best - opts.minDelta) {
        best = monitored;
        bestEpoch = epochsRun;
        wait = 0;
        if (earlyStopping && opts.restoreBestWeights) {
          bestWeights?.forEach((t) => t.dispose());
          bestWeights = model.getWeights().map((w) => w.clone());
        }
      } else {
        wait++;
      }

      const elapsedMs = now() - started;
      if (opts.onEpoch) {
        const etaMs = (elapsedMs / epochsRun) * (opts.epochs - epochsRun);
        await opts.onEpoch({ epoch: epochsRun, epochs: opts.epochs, loss: epochLoss, valLoss, learningRate: lr, elapsedMs, etaMs, ...info });
      }
      if (earlyStopping && wait >= opts.patience!) {
        stoppedEarly = epochsRun < opts.epochs;
        break;
      }
      await yieldToEventLoop();
      lastYield = now();
    }

    let restoredBestWeights = false;
    if (bestWeights && (bestEpoch !== epochsRun || partialEpoch)) {
      model.setWeights(bestWeights);
      restoredBestWeights = true;
    }
    return {
      epochs: epochsRun,
      loss: history.loss[history.loss.length - 1] ?? NaN,
      valLoss: history.valLoss.length ? history.valLoss[history.valLoss.length - 1] : undefined,
      bestEpoch,
      bestLoss: best,
      monitor,
      stoppedEarly,
      cancelled,
      restoredBestWeights,
      durationMs: now() - started,
      trainTimeMs,
      samplesSeen,
      history,
    };
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    optimizer.dispose();
    tf.dispose([xT, yT, ...(xV ? [xV] : []), ...(yV ? [yV] : [])]);
  }
}
