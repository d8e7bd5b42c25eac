import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { activeBackend, ensureBackend } from './backend';
import {
  ForecastingError,
  InsufficientDataError,
  InsufficientHistoryError,
  InvalidArgumentError,
  SpecError,
  ModelFormatError,
  NotFittedError,
} from './errors';
import { formatIssues, getArchitecture, SeededDropout, type ModelDims } from './models';
import { StandardScaler, standardScalerStateSchema } from './scaling';
import { packContainer, unpackContainer } from './serialization';
import { trainModel, type FitProgress, type LearningRateSchedule, type LossName } from './training';
import { deriveSeed, randomSeed } from './util/random';
import { LIBRARY_VERSION } from './version';
import { makeWindows, windowCount } from './windowing';

export interface ForecasterSpec {
  /** Registered architecture name ('lstm', 'gru', 'rnn', ...). */
  architecture: string;
  /** Input steps the model sees (= minimum history for predict). */
  lookback: number;
  /** Steps the model outputs at once. */
  horizon: number;
  /** Architecture hyperparameters, validated by the architecture's zod schema. */
  params: Record<string, unknown>;
}

/** Shape-level validation of a spec (params are checked against the architecture's own schema). */
export const forecasterSpecSchema = z
  .object({
    architecture: z.string().min(1),
    lookback: z.number().int().min(1).max(100_000),
    horizon: z.number().int().min(1).max(10_000),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** Validates a spec and returns it with the architecture's defaults filled into `params`. Throws SpecError. */
export function validateSpec(spec: unknown): ForecasterSpec {
  const parsed = forecasterSpecSchema.safeParse(spec);
  if (!parsed.success) throw new SpecError('Invalid forecaster spec', formatIssues(parsed.error));
  const arch = getArchitecture(parsed.data.architecture);
  const params = arch.configSchema.safeParse(parsed.data.params);
  if (!params.success) {
    throw new SpecError(`Invalid params for architecture "${arch.name}"`, formatIssues(params.error, 'params'));
  }
  return { ...parsed.data, params: params.data as Record<string, unknown> };
}

export interface FitOptions {
  epochs: number;
  /** Mini-batch size. Default 32. */
  batchSize?: number;
  /** Adam learning rate (base rate of the schedule). Default 1e-3. */
  learningRate?: number;
  /** Fraction of the (chronologically last) windows held out for validation. Default 0. */
  validationSplit?: number;
  /** Early stopping: stop after this many epochs without improvement of val loss (train loss if no split). */
  patience?: number;
  /** Clip gradients by global norm. */
  clipNorm?: number;
  /** Any integer. Seeds weight initialization (when the model has not been fitted yet), dropout masks and shuffling. */
  seed?: number;
  /** Called after every epoch (awaited). */
  onEpoch?: (p: FitProgress) => void | Promise<void>;
  /** Polled before every epoch and batch; returning true ends fit() early (result.cancelled = true). */
  shouldStop?: () => boolean;
  /** Learning-rate schedule. Default constant. */
  learningRateSchedule?: LearningRateSchedule;
  /** Training loss. Default 'mse'. */
  loss?: LossName;
  /** Minimum decrease of the monitored loss that counts as an improvement. Default 0. */
  minDelta?: number;
  /** With early stopping, restore the weights of the best epoch at the end. Default true. */
  restoreBestWeights?: boolean;
}

export const fitOptionsSchema = z.object({
  epochs: z.number().int().min(1).max(100_000),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  learningRate: z.number().positive().max(10).default(1e-3),
  validationSplit: z.number().min(0).max(0.5).default(0),
  patience: z.number().int().min(1).optional(),
  clipNorm: z.number().positive().optional(),
  seed: z.number().int().optional(),
  loss: z.enum(['mse', 'mae', 'huber']).default('mse'),
  minDelta: z.number().min(0).default(0),
  restoreBestWeights: z.boolean().default(true),
});

export interface FitResult {
  /** Epochs completed. */
  epochs: number;
  /** Training loss of the last completed epoch (scaled units). */
  loss: number;
  /** Validation loss of the last completed epoch, when validationSplit > 0. */
  valLoss?: number;
  /** Epoch (1-based) with the lowest monitored loss. */
  bestEpoch: number;
  /** Lowest validation loss seen, when validationSplit > 0. */
  bestValLoss?: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  restoredBestWeights: boolean;
  durationMs: number;
  /** Training throughput: window samples per second of optimizer-step time. */
  samplesPerSecond: number;
  /** tfjs backend that ran the fit. */
  backend: string;
  trainSamples: number;
  valSamples: number;
  history: { loss: number[]; valLoss: number[]; learningRate: number[] };
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

/** Upper bound on predict() steps (recursive beyond the trained horizon). */
export const MAX_PREDICT_STEPS = 100_000;

const headerSchema = z.object({
  format: z.literal('tsf-forecaster'),
  formatVersion: z.literal(1),
  library: z.string(),
  tfjsVersion: z.string(),
  savedAt: z.string(),
  spec: forecasterSpecSchema,
  scaler: standardScalerStateSchema.nullable(),
  fitted: z.boolean(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(
    z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), dtype: z.enum(['float32', 'int32', 'bool']) }).passthrough(),
  ),
});

const BYTES_PER_DTYPE = { float32: 4, int32: 4, bool: 1 } as const;

function assertSeries(name: string, values: ArrayLike<number>, from = 0): void {
  if (values == null || typeof values.length !== 'number') throw new InvalidArgumentError(`${name} must be an array of numbers`);
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${name}[${i}] is not a finite number (${String(v)})`, { index: i });
    }
  }
}

function formatShape(shape: unknown): string {
  const one = (s: unknown) => (Array.isArray(s) ? `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})` : String(s));
  if (Array.isArray(shape) && shape.length > 0 && Array.isArray(shape[0])) return (shape as unknown[]).map(one).join(', ');
  return one(shape);
}

/** A univariate direct multi-horizon forecaster: scaler + windowing + tfjs model + training loop. */
export class Forecaster {
  private model: tf.LayersModel | null;
  private scaler: StandardScaler | null;
  private fittedFlag: boolean;
  private fitting = false;
  private disposed = false;

  private constructor(
    private readonly normalizedSpec: ForecasterSpec,
    state: { model: tf.LayersModel | null; scaler: StandardScaler | null; fitted: boolean },
  ) {
    this.model = state.model;
    this.scaler = state.scaler;
    this.fittedFlag = state.fitted;
  }

  /**
   * Validates the spec (SpecError / UnknownArchitectureError) and returns an unfitted forecaster.
   * The model itself is built on first use (needs an initialized backend, see initBackend()).
   */
  static create(spec: ForecasterSpec): Forecaster {
    const forecaster = new Forecaster(validateSpec(spec), { model: null, scaler: null, fitted: false });
    if (activeBackend()) forecaster.ensureModel();
    return forecaster;
  }

  /** The validated spec, with the architecture's defaults filled into params. */
  get spec(): ForecasterSpec {
    return structuredClone(this.normalizedSpec);
  }

  /** True once fit() has updated the weights (or for a loaded, fitted model). */
  get fitted(): boolean {
    return this.fittedFlag;
  }

  /** Points of history predict() needs: the lookback. */
  minHistory(): number {
    return this.normalizedSpec.lookback;
  }

  private dims(): ModelDims {
    return { lookback: this.normalizedSpec.lookback, horizon: this.normalizedSpec.horizon, features: 1 };
  }

  private assertUsable(): void {
    if (this.disposed) throw new ForecastingError('DISPOSED', 'Forecaster has been disposed');
  }

  private buildModel(seed: number): tf.LayersModel {
    const arch = getArchitecture(this.normalizedSpec.architecture);
    return arch.build(this.normalizedSpec.params, this.dims(), { seed });
  }

  private ensureModel(): tf.LayersModel {
    if (!this.model) {
      if (!activeBackend()) {
        throw new ForecastingError(
          'BACKEND_UNAVAILABLE',
          'No TensorFlow.js backend initialized yet: `await initBackend()` (or any async Forecaster method) first',
        );
      }
      this.model = this.buildModel(randomSeed());
    }
    return this.model;
  }

  /**
   * Trains on `series` (oldest first). The first fit also fits the scaler on the training part; later
   * fits continue from the current weights and reuse the scaler. With validationSplit, the last windows
   * are held out (with a horizon-1 gap so no target is shared with training).
   */
  async fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    this.assertUsable();
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is already running on this forecaster');
    const parsed = fitOptionsSchema.safeParse({ ...options, onEpoch: undefined, shouldStop: undefined, learningRateSchedule: undefined });
    if (!parsed.success) throw new InvalidArgumentError(`Invalid fit options: ${formatIssues(parsed.error).join('; ')}`);
    const opts = parsed.data;
    assertSeries('series', series);

    const { lookback: L, horizon: H } = this.normalizedSpec;
    const total = windowCount(series.length, L, H);
    if (total < 1) {
      throw new InsufficientDataError(`fit() needs at least lookback + horizon = ${L + H} points (got ${series.length})`, {
        required: L + H,
        actual: series.length,
      });
    }
    let nVal = 0;
    let gap = 0;
    if (opts.validationSplit > 0) {
      nVal = Math.max(1, Math.floor(total * opts.validationSplit));
      gap = H - 1;
    }
    const nTrain = total - nVal - gap;
    if (nTrain < 1) {
      throw new InsufficientDataError(
        `series of ${series.length} points gives ${total} windows; validationSplit=${opts.validationSplit} needs ${nVal} validation ` +
          `windows plus a gap of ${gap}, leaving none to train on (need at least ${L + H + nVal + gap} points)`,
        { windows: total, validation: nVal, gap },
      );
    }

    this.fitting = true;
    try {
      const backend = await ensureBackend();
      const trainEnd = nTrain - 1 + L + H; // points covered by training windows
      if (!this.scaler) this.scaler = StandardScaler.fit(Array.prototype.slice.call(series, 0, trainEnd) as number[]);
      if (opts.seed !== undefined && !this.fittedFlag) {
        this.model?.dispose();
        this.model = this.buildModel(deriveSeed(opts.seed, 'init'));
      }
      const model = this.ensureModel();
      if (opts.seed !== undefined) {
        model.layers.forEach((layer, i) => {
          if (layer instanceof SeededDropout) layer.reseed(deriveSeed(opts.seed!, 'dropout', i));
        });
      }

      const scaled = this.scaler.transform(series);
      const train = makeWindows(scaled.subarray(0, trainEnd), { lookback: L, horizon: H });
      const val = nVal > 0 ? makeWindows(scaled.subarray(nTrain + gap), { lookback: L, horizon: H }) : null;

      // If training blows up, a fitted model goes back to its pre-fit weights and a fresh one is discarded.
      const snapshot = this.fittedFlag ? model.getWeights().map((w) => w.clone()) : null;
      let outcome: Awaited<ReturnType<typeof trainModel>>;
      try {
        outcome = await trainModel(model, train, val, {
          epochs: opts.epochs,
          batchSize: opts.batchSize,
          learningRate: opts.learningRate,
          schedule: options.learningRateSchedule,
          clipNorm: opts.clipNorm,
          patience: opts.patience,
          minDelta: opts.minDelta,
          restoreBestWeights: opts.restoreBestWeights,
          loss: opts.loss as LossName,
          shuffleSeed: opts.seed !== undefined ? deriveSeed(opts.seed, 'shuffle') : randomSeed(),
          onEpoch: options.onEpoch,
          shouldStop: options.shouldStop,
        });
      } catch (err) {
        if (snapshot) {
          model.setWeights(snapshot);
        } else {
          model.dispose();
          this.model = null;
          this.scaler = null;
        }
        throw err;
      } finally {
        snapshot?.forEach((t) => t.dispose());
      }
      if (outcome.samplesSeen > 0) this.fittedFlag = true;
      return {
        epochs: outcome.epochs,
        loss: outcome.loss,
        valLoss: outcome.valLoss,
        bestEpoch: outcome.bestEpoch,
        bestValLoss: outcome.monitor === 'val_loss' && outcome.bestEpoch > 0 ? outcome.bestLoss : undefined,
        stoppedEarly: outcome.stoppedEarly,
        cancelled: outcome.cancelled,
        restoredBestWeights: outcome.restoredBestWeights,
        durationMs: outcome.durationMs,
        samplesPerSecond: outcome.trainTimeMs > 0 ? (outcome.samplesSeen / outcome.trainTimeMs) * 1000 : 0,
        backend: backend.name,
        trainSamples: train.count,
        valSamples: val?.count ?? 0,
        history: outcome.history,
      };
    } finally {
      this.fitting = false;
    }
  }

  /**
   * Forecasts the `horizon` points that follow `history` (oldest first), from its last `lookback` points.
   * Up to spec.horizon steps come from one forward pass; beyond that the model is applied recursively,
   * feeding its own predictions back as input.
   */
  async predict(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon): Promise<number[]> {
    this.assertUsable();
    const { lookback: L, horizon: H } = this.normalizedSpec;
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_PREDICT_STEPS) {
      throw new InvalidArgumentError(`horizon must be an integer in [1, ${MAX_PREDICT_STEPS}] (got ${horizon})`);
    }
    if (history == null || typeof history.length !== 'number') throw new InvalidArgumentError('history must be an array of numbers');
    if (history.length < L) throw new InsufficientHistoryError(L, history.length);
    assertSeries('history', history, history.length - L);
    if (!this.fittedFlag || !this.scaler) throw new NotFittedError();
    await ensureBackend();
    const model = this.ensureModel();
    const scaler = this.scaler;

    const context = new Float32Array(L + horizon);
    for (let i = 0; i < L; i++) context[i] = scaler.transformValue(history[history.length - L + i]);
    const out: number[] = [];
    let pos = L;
    while (out.length < horizon) {
      const input = context.slice(pos - L, pos);
      const pred = tf.tidy(() => model.predict(tf.tensor3d(input, [1, L, 1])) as tf.Tensor);
      let values: Float32Array;
      try {
        values = (await pred.data()) as Float32Array;
      } finally {
        pred.dispose();
      }
      const take = Math.min(H, horizon - out.length);
      for (let i = 0; i < take; i++) {
        context[pos + i] = values[i];
        out.push(scaler.inverseValue(values[i]));
      }
      pos += take;
    }
    return out;
  }

  /** Keras-style layer table. Needs an initialized backend (the model is built on first use). */
  summary(): { layers: LayerSummary[]; totalParams: number; trainableParams: number } {
    this.assertUsable();
    const model = this.ensureModel();
    const layers = model.layers.map((layer) => {
      let type = layer.getClassName();
      if (type === 'Bidirectional') {
        const inner = (layer.getConfig() as { layer?: { className?: string } }).layer?.className;
        if (inner) type = `Bidirectional(${inner})`;
      }
      let outputShape: string;
      try {
        outputShape = formatShape(layer.outputShape);
      } catch {
        outputShape = 'multiple';
      }
      return { name: layer.name, type, outputShape, params: layer.countParams() };
    });
    const trainableParams = model.trainableWeights.reduce((acc, w) => acc + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    return { layers, totalParams: model.countParams(), trainableParams };
  }

  /** Serializes spec, scaler, topology and weights into one byte buffer (see serialization/container.ts). */
  async save(): Promise<Uint8Array> {
    this.assertUsable();
    await ensureBackend();
    const model = this.ensureModel();
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!artifacts?.modelTopology || !artifacts.weightSpecs) throw new Error('tfjs did not produce model artifacts');
    const weightData = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
    const header = {
      format: 'tsf-forecaster',
      formatVersion: 1,
      library: LIBRARY_VERSION,
      tfjsVersion: tf.version.tfjs,
      savedAt: new Date().toISOString(),
      spec: this.normalizedSpec,
      scaler: this.scaler?.toJSON() ?? null,
      fitted: this.fittedFlag,
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
    };
    return packContainer(header, new Uint8Array(weightData));
  }

  /** Restores a forecaster saved with save(). Throws ModelFormatError on anything that is not such a buffer. */
  static async load(bytes: Uint8Array): Promise<Forecaster> {
    const { header, weights } = unpackContainer(bytes);
    const parsed = headerSchema.safeParse(header);
    if (!parsed.success) throw new ModelFormatError(`bad header: ${formatIssues(parsed.error).join('; ')}`);
    const h = parsed.data;
    let spec: ForecasterSpec;
    try {
      spec = validateSpec(h.spec);
    } catch (err) {
      throw new ModelFormatError(`saved spec is not valid here: ${(err as Error).message}`);
    }
    const expectedBytes = h.weightSpecs.reduce((acc, w) => acc + w.shape.reduce((a, b) => a * b, 1) * BYTES_PER_DTYPE[w.dtype], 0);
    if (expectedBytes !== weights.byteLength) {
      throw new ModelFormatError(`weightSpecs describe ${expectedBytes} bytes of weights but ${weights.byteLength} are present`);
    }
    if (h.fitted && !h.scaler) throw new ModelFormatError('a fitted model must carry its scaler');
    const scaler = h.scaler ? StandardScaler.fromJSON(h.scaler) : null;

    await ensureBackend();
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel(
        tf.io.fromMemory({ modelTopology: h.modelTopology, weightSpecs: h.weightSpecs as tf.io.WeightsManifestEntry[], weightData: weights }),
      );
    } catch (err) {
      throw new ModelFormatError(`could not rebuild the tfjs model: ${(err as Error).message}`);
    }
    const inShape = model.inputs[0]?.shape;
    const outShape = model.outputs[0]?.shape;
    if (
      model.inputs.length !== 1 ||
      model.outputs.length !== 1 ||
      inShape?.[1] !== spec.lookback ||
      inShape?.[2] !== 1 ||
      outShape?.[outShape.length - 1] !== spec.horizon
    ) {
      model.dispose();
      throw new ModelFormatError(
        `model shapes ${JSON.stringify(inShape)} -> ${JSON.stringify(outShape)} do not match spec lookback=${spec.lookback}, horizon=${spec.horizon}`,
      );
    }
    return new Forecaster(spec, { model, scaler, fitted: h.fitted });
  }

  /** Frees the model's tensors. The forecaster is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model?.dispose();
    this.model = null;
  }
}
