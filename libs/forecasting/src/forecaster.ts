import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { activeBackend, ensureBackend } from './backend';
import {
  ForecastingError,
  InsufficientDataError,
  InsufficientHistoryError,
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
} from './errors';
import { DirectInference } from './inference/direct-inference';
import { forecastLayout, forecasterSpecSchema, modelDims, validateSpec, type ForecasterSpec, type ForecastLayout } from './forecaster-spec';
import { formatIssues, getArchitecture, isAttentionLayer, medianIndex, SeededDropout, valuesPerTarget, withOutputHead } from './models';
import { StandardScaler, standardScalerStateSchema } from './scaling';
import { packContainer, unpackContainer } from './serialization';
import { pinballLoss, trainModel, type FitProgress, type LearningRateSchedule, type LossName, type TrainHistory } from './training';
import { deriveSeed, randomSeed } from './util/random';
import { LIBRARY_VERSION } from './version';
import {
  assertSeriesInput,
  calendarChannels,
  ChannelScalers,
  concatWindows,
  extendTimestamps,
  inputChannels,
  makeChannelWindows,
  windowCount,
  type SeriesInput,
  type Windows,
} from './windowing';

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
  /** Training loss of a point forecast. Default 'mse'. (A quantile head always trains on the pinball loss.) */
  loss?: LossName;
  /** Minimum decrease of the monitored loss that counts as an improvement. Default 0. */
  minDelta?: number;
  /** With early stopping, restore the weights of the best epoch at the end. Default true. */
  restoreBestWeights?: boolean;
  /** fit() only: timestamps of the series (ms since the epoch), required by calendar features. */
  timestamps?: ArrayLike<number>;
  /** fit() only: the covariate series, aligned with the series. */
  covariates?: ReadonlyArray<ArrayLike<number>>;
}

/** fitMany() options: those of fit(); timestamps and covariates travel with each series instead. */
export type FitManyOptions = Omit<FitOptions, 'timestamps' | 'covariates'>;

/** Extra inputs of predict() for models with calendar features or covariates, aligned with the history. */
export interface PredictInputs {
  timestamps?: ArrayLike<number>;
  covariates?: ReadonlyArray<ArrayLike<number>>;
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
  /** Series trained on (1 for fit()). */
  series: number;
  trainSamples: number;
  valSamples: number;
  history: TrainHistory;
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

/** How a forecaster standardizes series: one stored scaler (fit()) or each series' own statistics (fitMany()). */
export type ScalingMode = 'stored' | 'per-series';

/** Upper bound on predict() steps (recursive beyond the trained horizon). */
export const MAX_PREDICT_STEPS = 100_000;

const headerSchema = z.object({
  format: z.literal('tsf-forecaster'),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  library: z.string(),
  tfjsVersion: z.string(),
  savedAt: z.string(),
  spec: forecasterSpecSchema,
  /** The target's stored scaler. */
  scaler: standardScalerStateSchema.nullable(),
  /** Version 2: the covariates' stored scalers. */
  covariateScalers: z.array(standardScalerStateSchema).default([]),
  /** Version 2: absent in version 1, where it is always 'stored'. */
  scaling: z.enum(['stored', 'per-series']).default('stored'),
  fitted: z.boolean(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(
    z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), dtype: z.enum(['float32', 'int32', 'bool']) }).passthrough(),
  ),
});

const BYTES_PER_DTYPE = { float32: 4, int32: 4, bool: 1 } as const;

function formatShape(shape: unknown): string {
  const one = (s: unknown) => (Array.isArray(s) ? `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})` : String(s));
  if (Array.isArray(shape) && shape.length > 0 && Array.isArray(shape[0])) return (shape as unknown[]).map(one).join(', ');
  return one(shape);
}

/** Training windows of one series: the chronological split into training and validation windows. */
interface SeriesSplit {
  /** Points covered by training windows (the scaler of a new model is fitted on them). */
  trainEnd: number;
  /** First point of the validation windows. */
  valStart: number;
  validation: boolean;
}

/** Forecast values in original units, [steps][targets][values per target] flattened. */
interface Forecast {
  values: number[];
  horizon: number;
  targets: number;
  valuesPerTarget: number;
}

/**
 * A multi-horizon forecaster: scaling + windowing + tfjs model + training loop. Univariate by default; the spec can
 * add a quantile head, the recursive strategy, covariates (optionally forecast too) and calendar features.
 */
export class Forecaster {
  private model: tf.LayersModel | null;
  private scalers: ChannelScalers | null;
  private scaling: ScalingMode;
  private fittedFlag: boolean;
  private fitting = false;
  private disposed = false;
  /** The model compiled for inference without tfjs (null: not a chain it runs; undefined: not compiled since the last fit). */
  private inference: DirectInference | null | undefined;
  private readonly layout: ForecastLayout;

  private constructor(
    private readonly normalizedSpec: ForecasterSpec,
    state: { model: tf.LayersModel | null; scalers: ChannelScalers | null; scaling: ScalingMode; fitted: boolean },
  ) {
    this.model = state.model;
    this.scalers = state.scalers;
    this.scaling = state.scaling;
    this.fittedFlag = state.fitted;
    this.layout = forecastLayout(normalizedSpec);
  }

  /**
   * Validates the spec (SpecError / UnknownArchitectureError) and returns an unfitted forecaster.
   * The model itself is built on first use (needs an initialized backend, see initBackend()).
   */
  static create(spec: ForecasterSpec): Forecaster {
    const forecaster = new Forecaster(validateSpec(spec), { model: null, scalers: null, scaling: 'stored', fitted: false });
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

  /** 'per-series' for a global model (fitMany()): predict() scales each history by its own statistics. */
  get scalingMode(): ScalingMode {
    return this.scaling;
  }

  /** Points of history predict() needs: the lookback. */
  minHistory(): number {
    return this.normalizedSpec.lookback;
  }

  private assertUsable(): void {
    if (this.disposed) throw new ForecastingError('DISPOSED', 'Forecaster has been disposed');
  }

  private buildModel(seed: number): tf.LayersModel {
    const arch = getArchitecture(this.normalizedSpec.architecture);
    return withOutputHead(arch.build(this.normalizedSpec.params, modelDims(this.layout), { seed }), this.layout);
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
   * are held out (with a gap of steps − 1 windows so no target is shared with training). On a global model
   * (after fitMany()) this continues training it on one more series.
   */
  async fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    const { timestamps, covariates, ...rest } = options ?? ({} as FitOptions);
    return this.train([{ values: series, timestamps, covariates }], rest, 'fit', this.scaling === 'per-series' && this.fittedFlag);
  }

  /**
   * Trains one global model over many series. Each series (and each of its covariates) is standardized by its own
   * statistics, both here (on its training part) and in predict() (on the history given), so the model forecasts
   * series of any level and scale, including ones it never saw. Validation windows are held out per series.
   */
  async fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult> {
    if (!Array.isArray(series) || series.length === 0) throw new InvalidArgumentError('fitMany() needs a non-empty array of series');
    if (this.fittedFlag && this.scaling === 'stored') {
      throw new InvalidArgumentError('this forecaster was fitted on one series with a stored scaler; fitMany() needs a fresh forecaster');
    }
    const inputs = series.map((s): SeriesInput => (Array.isArray(s) || ArrayBuffer.isView(s) ? { values: s as ArrayLike<number> } : (s as SeriesInput)));
    return this.train(inputs, options, 'fitMany', true);
  }

  /** Where the training and validation windows of a series of `length` points lie. Throws InsufficientDataError. */
  private split(length: number, validationSplit: number, label: string): SeriesSplit {
    const { lookback: L, steps, recursive } = this.layout;
    const total = windowCount(length, L, steps);
    if (total < 1) {
      throw new InsufficientDataError(`${label} needs at least lookback + ${recursive ? '1' : 'horizon'} = ${L + steps} points (got ${length})`, {
        required: L + steps,
        actual: length,
      });
    }
    const nVal = validationSplit > 0 ? Math.max(1, Math.floor(total * validationSplit)) : 0;
    const gap = nVal > 0 ? steps - 1 : 0;
    const nTrain = total - nVal - gap;
    if (nTrain < 1) {
      throw new InsufficientDataError(
        `${label}: ${length} points give ${total} windows; validationSplit=${validationSplit} needs ${nVal} validation ` +
          `windows plus a gap of ${gap}, leaving none to train on (need at least ${L + steps + nVal + gap} points)`,
        { windows: total, validation: nVal, gap },
      );
    }
    return { trainEnd: nTrain - 1 + L + steps, valStart: nTrain + gap, validation: nVal > 0 };
  }

  private async train(inputs: SeriesInput[], options: FitManyOptions, method: 'fit' | 'fitMany', perSeries: boolean): Promise<FitResult> {
    this.assertUsable();
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is already running on this forecaster');
    const parsed = fitOptionsSchema.safeParse({ ...options, onEpoch: undefined, shouldStop: undefined, learningRateSchedule: undefined });
    if (!parsed.success) throw new InvalidArgumentError(`Invalid fit options: ${formatIssues(parsed.error).join('; ')}`);
    const opts = parsed.data;
    const layout = this.layout;
    if (layout.quantiles && options.loss !== undefined) {
      throw new InvalidArgumentError('a quantile forecaster trains on the pinball loss; do not set `loss`');
    }
    const label = (i: number) => (method === 'fit' ? 'series' : `series[${i}]`);
    inputs.forEach((input, i) => assertSeriesInput(label(i), input, layout));
    const splits = inputs.map((input, i) => this.split(input.values.length, opts.validationSplit, method === 'fit' ? 'fit()' : `fitMany() series[${i}]`));

    this.fitting = true;
    this.dropInference();
    try {
      const backend = await ensureBackend();
      if (!perSeries && !this.scalers) this.scalers = ChannelScalers.fit(inputs[0], splits[0].trainEnd);
      const train: Windows[] = [];
      const val: Windows[] = [];
      inputs.forEach((input, i) => {
        const scalers = perSeries ? ChannelScalers.fit(input, splits[i].trainEnd) : this.scalers!;
        const channels = inputChannels(input, scalers, layout.calendar);
        const windowsOf = (from: number, to: number) =>
          makeChannelWindows(
            channels.map((c) => c.subarray(from, to)),
            { lookback: layout.lookback, horizon: layout.steps, targetChannels: layout.targets },
          );
        train.push(windowsOf(0, splits[i].trainEnd));
        if (splits[i].validation) val.push(windowsOf(splits[i].valStart, input.values.length));
      });

      const arch = getArchitecture(this.normalizedSpec.architecture);
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
      const trainWindows = concatWindows(train);
      const valWindows = val.length > 0 ? concatWindows(val) : null;

      // If training blows up, a fitted model goes back to its pre-fit weights and a fresh one is discarded.
      const snapshot = this.fittedFlag ? model.getWeights().map((w) => w.clone()) : null;
      let outcome: Awaited<ReturnType<typeof trainModel>>;
      try {
        outcome = await trainModel(model, trainWindows, valWindows, {
          epochs: opts.epochs,
          batchSize: opts.batchSize,
          learningRate: opts.learningRate,
          schedule: options.learningRateSchedule,
          clipNorm: opts.clipNorm,
          patience: opts.patience,
          minDelta: opts.minDelta,
          restoreBestWeights: opts.restoreBestWeights,
          loss: layout.quantiles ? pinballLoss(layout.quantiles) : (opts.loss as LossName),
          step: arch.trainingStep?.(this.normalizedSpec.params, modelDims(layout), {
            seed: opts.seed !== undefined ? deriveSeed(opts.seed, 'step') : randomSeed(),
          }),
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
          this.scalers = null;
        }
        throw err;
      } finally {
        snapshot?.forEach((t) => t.dispose());
      }
      if (outcome.samplesSeen > 0) {
        this.fittedFlag = true;
        this.scaling = perSeries ? 'per-series' : 'stored';
      }
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
        series: inputs.length,
        trainSamples: trainWindows.count,
        valSamples: valWindows?.count ?? 0,
        history: outcome.history,
      };
    } finally {
      this.dropInference();
      this.fitting = false;
    }
  }

  /**
   * Forecasts the `horizon` points that follow `history` (oldest first), from its last `lookback` points.
   * Up to the model's output steps come from one forward pass; beyond that the model is applied recursively,
   * feeding its own forecasts back as input. A quantile forecaster returns its median. `inputs` carries the
   * history's timestamps (calendar features) and covariates, aligned with `history`.
   */
  async predict(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<number[]> {
    const [forecast] = await this.forecast([{ ...inputs, values: history }], horizon, () => 'history');
    return this.pointsOf(forecast, 0);
  }

  /**
   * predict() for many histories at once: each forward pass runs them all as one batch, so forecasting n series
   * costs about as many passes as forecasting one. `inputs[i]` carries the extra inputs of `histories[i]`.
   */
  async predictBatch(
    histories: ReadonlyArray<ArrayLike<number>>,
    horizon: number = this.normalizedSpec.horizon,
    inputs: ReadonlyArray<PredictInputs> = [],
  ): Promise<number[][]> {
    if (!Array.isArray(histories)) throw new InvalidArgumentError('histories must be an array of series');
    if (histories.length === 0) return [];
    const forecasts = await this.forecast(
      histories.map((values, i) => ({ ...inputs[i], values })),
      horizon,
      (i) => `histories[${i}]`,
    );
    return forecasts.map((forecast) => this.pointsOf(forecast, 0));
  }

  /** Forecast quantiles of the target by level (keys as String(level), e.g. "0.1"). Needs spec.quantiles. */
  async predictQuantiles(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<Record<string, number[]>> {
    const levels = this.layout.quantiles;
    if (!levels) throw new InvalidArgumentError('this forecaster has no quantile head: create it with spec.quantiles');
    const [forecast] = await this.forecast([{ ...inputs, values: history }], horizon, () => 'history');
    return Object.fromEntries(levels.map((level, k) => [String(level), this.pointsOf(forecast, 0, k)]));
  }

  /** Point forecasts of every target channel: [target, covariate 1, ...] with multivariateTarget, else [target]. */
  async predictMultivariate(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<number[][]> {
    const [forecast] = await this.forecast([{ ...inputs, values: history }], horizon, () => 'history');
    return Array.from({ length: forecast.targets }, (_, c) => this.pointsOf(forecast, c));
  }

  /**
   * Attention weights of the model's last attention layer for the window that ends `history`, as
   * [head][query][key]: for seq2seq one head, a query per decoder step and a key per lookback step; for a transformer
   * a query and a key per lookback step. Each row sums to one.
   */
  async attentionWeights(history: ArrayLike<number>, inputs: PredictInputs = {}): Promise<number[][][]> {
    const { model, windows } = await this.prepareWindows([{ ...inputs, values: history }], 1, () => 'history');
    const layer = model.layers.filter(isAttentionLayer).pop();
    if (!layer) throw new InvalidArgumentError(`architecture "${this.normalizedSpec.architecture}" has no attention layer`);
    const view = tf.model({ inputs: model.inputs, outputs: (layer.output as tf.SymbolicTensor[])[layer.attentionOutputIndex] });
    const weights = tf.tidy(() => view.predict(windows.batch(0)) as tf.Tensor);
    try {
      return ((await weights.array()) as number[][][][])[0];
    } finally {
      weights.dispose();
    }
  }

  private pointsOf(forecast: Forecast, target: number, value = medianIndex(this.layout)): number[] {
    const out = new Array<number>(forecast.horizon);
    for (let s = 0; s < forecast.horizon; s++) out[s] = forecast.values[(s * forecast.targets + target) * forecast.valuesPerTarget + value];
    return out;
  }

  /**
   * Validates predict() arguments and returns the model, each series' scalers, and its scaled context
   * [lookback + horizon rows][features], whose first lookback rows hold the window that ends the history (and
   * whose calendar channels are filled for the future rows).
   */
  private async prepareWindows(series: SeriesInput[], horizon: number, name: (i: number) => string) {
    this.assertUsable();
    const layout = this.layout;
    const { lookback: L, features: F } = layout;
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_PREDICT_STEPS) {
      throw new InvalidArgumentError(`horizon must be an integer in [1, ${MAX_PREDICT_STEPS}] (got ${horizon})`);
    }
    const perSeries = this.scaling === 'per-series';
    series.forEach((input, i) => {
      const history = input.values;
      if (history == null || typeof history.length !== 'number') throw new InvalidArgumentError(`${name(i)} must be an array of numbers`);
      if (history.length < L) throw new InsufficientHistoryError(L, history.length);
      // A global model standardizes by the statistics of the whole history, so all of it must be finite.
      assertSeriesInput(name(i), input, layout, perSeries ? 0 : history.length - L);
    });
    if (!this.fittedFlag || (!perSeries && !this.scalers)) throw new NotFittedError();
    if (horizon > layout.steps && layout.covariates > layout.targets - 1) {
      throw new InvalidArgumentError(
        `this model forecasts ${layout.steps} steps per pass from covariates whose future values are unknown; ask for at most ${layout.steps} steps (or use multivariateTarget)`,
      );
    }
    await ensureBackend();
    const model = this.ensureModel();
    const scalers = series.map((input) => (perSeries ? ChannelScalers.fit(input) : this.scalers!));
    // Plain arrays, not typed arrays: each typed array costs microseconds to make and to collect here.
    const contexts = series.map((input, i) => {
      const context = new Array<number>((L + horizon) * F).fill(0);
      const past = inputChannels(input, scalers[i], layout.calendar, input.values.length - L);
      past.forEach((channel, f) => channel.forEach((v, t) => (context[t * F + f] = v)));
      if (layout.calendar.length > 0 && horizon > layout.steps) {
        const future = calendarChannels(extendTimestamps(input.timestamps!, horizon), layout.calendar);
        const first = 1 + layout.covariates;
        future.forEach((channel, k) => channel.forEach((v, t) => (context[(L + t) * F + first + k] = v)));
      }
      return context;
    });
    /** The windows starting `offset` rows into every context, as one [series, lookback, features] batch. */
    const values = (offset: number, x: Float32Array = new Float32Array(contexts.length * L * F)): Float32Array => {
      contexts.forEach((context, i) => {
        for (let k = 0; k < L * F; k++) x[i * L * F + k] = context[offset * F + k];
      });
      return x;
    };
    const batch = (offset: number): tf.Tensor3D => tf.tensor3d(values(offset), [contexts.length, L, F]);
    return { model, scalers, contexts, windows: { values, batch } };
  }

  private async forecast(series: SeriesInput[], horizon: number, name: (i: number) => string): Promise<Forecast[]> {
    const { model, scalers, contexts, windows } = await this.prepareWindows(series, horizon, name);
    const { lookback: L, features: F, steps, targets: T, outputs } = this.layout;
    const V = valuesPerTarget(this.layout);
    const median = medianIndex(this.layout);
    const values = series.map(() => new Array<number>(horizon * T * V).fill(0));
    // Compiled once per set of weights; null (a model it does not run) is remembered too, not retried per forecast.
    if (this.inference === undefined) this.inference = DirectInference.compile(model);
    const direct = this.inference;
    const B = contexts.length;
    for (let done = 0; done < horizon; ) {
      const raw = direct ? direct.run(windows.values(done, direct.input(B)), B) : await this.tfjsPredict(model, windows.batch(done));
      const take = Math.min(steps, horizon - done);
      contexts.forEach((context, b) => {
        for (let s = 0; s < take; s++) {
          for (let c = 0; c < T; c++) {
            const at = b * outputs + (s * T + c) * V;
            for (let v = 0; v < V; v++) values[b][((done + s) * T + c) * V + v] = raw[at + v];
            context[(L + done + s) * F + c] = raw[at + median]; // fed back when the window slides past this pass
          }
        }
      });
      done += take;
    }
    return values.map((v, b) => {
      for (let i = 0; i < v.length; i++) v[i] = Math.fround(scalers[b].channel(Math.floor(i / V) % T).inverseValue(v[i]));
      return { values: v, horizon, targets: T, valuesPerTarget: V };
    });
  }

  private async tfjsPredict(model: tf.LayersModel, x: tf.Tensor3D): Promise<Float32Array> {
    const pred = tf.tidy(() => model.predict(x) as tf.Tensor);
    try {
      return (await pred.data()) as Float32Array;
    } finally {
      x.dispose();
      pred.dispose();
    }
  }

  /** Drops the inference chain compiled from the current weights (before they change, and on dispose). */
  private dropInference(): void {
    this.inference?.release();
    this.inference = undefined;
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

  /** Serializes spec, scalers, topology and weights into one byte buffer (see serialization/container.ts). */
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
      formatVersion: 2,
      library: LIBRARY_VERSION,
      tfjsVersion: tf.version.tfjs,
      savedAt: new Date().toISOString(),
      spec: this.normalizedSpec,
      scaler: this.scalers?.target.toJSON() ?? null,
      covariateScalers: this.scalers?.covariates.map((s) => s.toJSON()) ?? [],
      scaling: this.scaling,
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
    const layout = forecastLayout(spec);
    const expectedBytes = h.weightSpecs.reduce((acc, w) => acc + w.shape.reduce((a, b) => a * b, 1) * BYTES_PER_DTYPE[w.dtype], 0);
    if (expectedBytes !== weights.byteLength) {
      throw new ModelFormatError(`weightSpecs describe ${expectedBytes} bytes of weights but ${weights.byteLength} are present`);
    }
    if (h.fitted && h.scaling === 'stored' && !h.scaler) throw new ModelFormatError('a fitted model must carry its scaler');
    if (h.scaler && h.covariateScalers.length !== layout.covariates) {
      throw new ModelFormatError(`${h.covariateScalers.length} covariate scalers for a spec with ${layout.covariates} covariates`);
    }
    const scalers = h.scaler ? new ChannelScalers(StandardScaler.fromJSON(h.scaler), h.covariateScalers.map((s) => StandardScaler.fromJSON(s))) : null;

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
      inShape?.[2] !== layout.features ||
      outShape?.[outShape.length - 1] !== layout.outputs
    ) {
      model.dispose();
      throw new ModelFormatError(
        `model shapes ${JSON.stringify(inShape)} -> ${JSON.stringify(outShape)} do not match spec lookback=${spec.lookback}, ` +
          `features=${layout.features}, outputs=${layout.outputs} (horizon=${spec.horizon})`,
      );
    }
    return new Forecaster(spec, { model, scalers, scaling: h.scaling, fitted: h.fitted });
  }

  /** Frees the model's tensors. The forecaster is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropInference();
    this.model?.dispose();
    this.model = null;
  }
}
