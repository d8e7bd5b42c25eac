import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace } from '../util/random';
import { targetWidth, type Windows } from '../windowing';
import { runHook, type StopReason, type TrainHistory, type TrainingCallback, type TrainingContext } from './callbacks';
import { createAdam } from './adam';
import type { EpochWindows } from './epoch-windows';
import { pointLoss, type LossFn, type LossName } from './losses';
import { standardCallbacks, type StandardCallbackOptions, type StandardCallbacks } from './standard-callbacks';
import type { TrainingStep } from './training-step';

export interface TrainOptions extends StandardCallbackOptions {
  batchSize: number;
  clipNorm?: number;
  /** A named point loss or a loss function (e.g. pinball for a quantile head). */
  loss: LossName | LossFn;
  /** Custom forward pass for training batches. Default: model.apply(x, { training: true }). */
  step?: TrainingStep;
  /** Seeds batch shuffling. */
  shuffleSeed: number;
  /** More behaviours, called after the standard ones (see standard-callbacks.ts). */
  callbacks?: TrainingCallback[];
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
  /** Why the fit ended before its last epoch; absent when it ran every epoch. */
  stopReason?: StopReason;
  restoredBestWeights: boolean;
  durationMs: number;
  trainTimeMs: number;
  samplesSeen: number;
  history: TrainHistory;
}

const now = () => performance.now();

/** A set of windows as [count, lookback, features] inputs and [count, target width] targets. */
function tensorsOf(windows: Windows): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return {
    x: tf.tensor3d(windows.inputs, [windows.count, windows.lookback, windows.features]),
    y: tf.tensor2d(windows.targets, [windows.count, targetWidth(windows)]),
  };
}

function evaluate(model: tf.LayersModel, { x, y }: { x: tf.Tensor3D; y: tf.Tensor2D }, loss: LossFn, batchSize: number): number {
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

/** The tensors of each epoch's windows: made once while the windows stay the same, anew (the last ones freed) when they change. */
class EpochTensors {
  private windows: Windows | null = null;
  private tensors: { x: tf.Tensor3D; y: tf.Tensor2D } | null = null;

  constructor(private readonly source: EpochWindows) {}

  of(epoch: number): { x: tf.Tensor3D; y: tf.Tensor2D } {
    const windows = this.source.windowsOf(epoch);
    if (windows !== this.windows || !this.tensors) {
      this.dispose();
      this.windows = windows;
      this.tensors = tensorsOf(windows);
    }
    return this.tensors;
  }

  dispose(): void {
    if (this.tensors) tf.dispose([this.tensors.x, this.tensors.y]);
    this.tensors = null;
  }
}

/** Adam with optional global-norm clipping; step(data, idx) trains on the rows `idx` of `data` and returns the batch loss. */
function createOptimizerStep(model: tf.LayersModel, loss: LossFn, opts: TrainOptions) {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = createAdam(vars, opts.learningRate);
  const forward = opts.step ? opts.step.forward.bind(opts.step) : (m: tf.LayersModel, x: tf.Tensor) => m.apply(x, { training: true }) as tf.Tensor;
  return {
    setLearningRate: (lr: number) => void (optimizer.learningRate = lr),
    async step(data: { x: tf.Tensor3D; y: tf.Tensor2D }, idx: Int32Array): Promise<number> {
      const value = tf.tidy(() => {
        const idxT = tf.tensor1d(idx, 'int32');
        const xb = tf.gather(data.x, idxT);
        const yb = tf.gather(data.y, idxT);
        const { value, grads } = tf.variableGrads(() => loss(yb, forward(model, xb, yb)), vars);
        optimizer.step(
          vars.map((v) => grads[v.name]),
          opts.clipNorm,
        );
        return value;
      });
      try {
        return (await value.data())[0];
      } finally {
        value.dispose();
      }
    },
    dispose: () => optimizer.dispose(),
  };
}

/** The context callbacks see; the loop alone advances it. */
class LoopContext implements TrainingContext {
  epochsCompleted = 0;
  partialEpoch = false;
  stopReason?: StopReason;

  constructor(
    readonly model: tf.LayersModel,
    readonly epochs: number,
    public learningRate: number,
    readonly startedAt = now(),
  ) {}

  stop(reason: StopReason): void {
    this.stopReason ??= reason;
  }
}

/**
 * Custom training loop: Adam over shuffled mini-batches of each epoch's windows (the same every epoch, or a fresh
 * sample: EpochWindows) with per-epoch validation; every other behaviour (schedule, early stopping, best-weight
 * restore, progress, cancellation, yielding) is a callback (see callbacks/).
 */
export async function trainModel(model: tf.LayersModel, train: EpochWindows, val: Windows | null, opts: TrainOptions): Promise<TrainOutcome> {
  const ctx = new LoopContext(model, opts.epochs, opts.learningRate);
  const standard = standardCallbacks(opts);
  const callbacks = [...standard.list, ...(opts.callbacks ?? [])];
  const epochTensors = new EpochTensors(train);
  const validation = val && val.count > 0 ? tensorsOf(val) : null;
  const loss = typeof opts.loss === 'function' ? opts.loss : pointLoss(opts.loss);
  const optimizer = createOptimizerStep(model, loss, opts);
  const rng = mulberry32(opts.shuffleSeed);
  const order = new Int32Array(train.count);
  const stats = { trainTimeMs: 0, samplesSeen: 0 };
  try {
    for (let epoch = 0; epoch < opts.epochs && !ctx.stopReason; epoch++) {
      await runHook(callbacks, 'onEpochBegin', epoch, ctx);
      if (ctx.stopReason) break;
      optimizer.setLearningRate(ctx.learningRate);
      const info = opts.step?.beginEpoch?.(epoch, opts.epochs) ?? {};
      const data = epochTensors.of(epoch);
      order.forEach((_, i) => (order[i] = i));
      shuffleInPlace(order, rng);
      let lossSum = 0;
      let seen = 0;
      for (let b = 0; b < train.count && !ctx.stopReason; b += opts.batchSize) {
        const idx = order.subarray(b, Math.min(b + opts.batchSize, train.count));
        const t0 = now();
        const batchLoss = await optimizer.step(data, idx);
        stats.trainTimeMs += now() - t0;
        lossSum += batchLoss * idx.length;
        seen += idx.length;
        await runHook(callbacks, 'onBatchEnd', { epoch: epoch + 1, loss: batchLoss }, ctx);
      }
      stats.samplesSeen += seen;
      ctx.partialEpoch = ctx.stopReason !== undefined; // the weights moved, but the epoch does not count
      if (ctx.partialEpoch) break;
      ctx.epochsCompleted = epoch + 1;
      const epochLoss = lossSum / Math.max(1, seen);
      const valLoss = validation ? evaluate(model, validation, loss, 512) : undefined;
      const logs = {
        epoch: epoch + 1,
        loss: epochLoss,
        valLoss,
        monitored: valLoss ?? epochLoss,
        learningRate: ctx.learningRate,
        info,
        windowsSeen: stats.samplesSeen,
        seriesSeen: train.seriesSeen(),
      };
      await runHook(callbacks, 'onEpochEnd', logs, ctx);
    }
    await runHook(callbacks, 'onTrainEnd', ctx);
    return outcomeOf(ctx, standard, validation !== null, stats);
  } finally {
    callbacks.forEach((c) => c.dispose?.());
    optimizer.dispose();
    epochTensors.dispose();
    tf.dispose(validation ? [validation.x, validation.y] : []);
  }
}

function outcomeOf(ctx: LoopContext, { history, best, restore }: StandardCallbacks, validation: boolean, stats: { trainTimeMs: number; samplesSeen: number }): TrainOutcome {
  return {
    epochs: ctx.epochsCompleted,
    loss: history.history.loss.at(-1) ?? NaN,
    valLoss: history.history.valLoss.at(-1),
    bestEpoch: best.bestEpoch,
    bestLoss: best.bestLoss,
    monitor: validation ? 'val_loss' : 'loss',
    stoppedEarly: ctx.stopReason === 'early-stopping' && ctx.epochsCompleted < ctx.epochs,
    cancelled: ctx.stopReason === 'cancelled',
    stopReason: ctx.stopReason === 'cancelled' || ctx.epochsCompleted < ctx.epochs ? ctx.stopReason : undefined,
    restoredBestWeights: restore?.restored ?? false,
    durationMs: now() - ctx.startedAt,
    ...stats,
    history: history.history,
  };
}
