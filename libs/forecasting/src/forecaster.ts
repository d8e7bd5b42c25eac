import type * as tf from '@tensorflow/tfjs';
import { activeBackend, ensureBackend } from './backend';
import type { ForecastModel } from './ensembles/forecast-model';
import { assertNetworkArchitecture } from './ensembles/model-kinds';
import { ForecastingError, InvalidArgumentError } from './errors';
import { forecastLayout, validateSpec, type ForecasterSpec, type ForecastLayout } from './forecaster-spec';
import { assertForecastRequest, attentionWeightsOf, CompiledInference, ForecastContexts, historiesRequest, pointsOf, type Forecast, type ForecastRequest, type PredictInputs } from './inference';
import { medianIndex, reseedDropout, summarizeModel, type ModelSummary } from './models';
import { SeriesVocabulary } from './embeddings';
import { ForecasterNetwork } from './forecaster-network';
import { readForecasterFile, writeForecasterFile, type ForecasterState, type ScalingMode } from './serialization';
import {
  checkedSplits,
  fitResultOf,
  parseFitOptions,
  trainingWindows,
  trainModel,
  trainOptionsOf,
  trainWithRollback,
  windowSamplingOf,
  type FitManyOptions,
  type FitOptions,
  type FitResult,
} from './training';
import { TransformPipeline, type SeriesTransforms } from './transforms';
import { deriveSeed, randomSeed } from './util/random';
import { firstUnfittedPoint } from './intervals/calibration-windows';
import { asSeriesInput, type SeriesInput } from './windowing';

/**
 * A multi-horizon forecaster: transforms (log, scale, level; undone on its forecasts) + windowing + tfjs model +
 * training loop. Univariate by default; the spec can add a quantile head, the recursive strategy, covariates,
 * calendar features and series embeddings. The class holds the state and its lifecycle; the rest lives in training/, inference/,
 * transforms/ and serialization/.
 */
export class Forecaster implements ForecastModel {
  /** The stored transforms' fitted statistics (fit()); null before a fit and for a global model. */
  private transforms: SeriesTransforms | null;
  private scaling: ScalingMode;
  private fittedFlag: boolean;
  /** The values of the embedded key and labels seen in the first fit, each with its row (null: no embeddings, or before a fit). */
  private vocabulary: SeriesVocabulary | null;
  private fitting = false;
  private disposed = false;
  private readonly inference = new CompiledInference();
  private readonly layout: ForecastLayout;
  private readonly pipeline: TransformPipeline;
  private readonly network: ForecasterNetwork;

  private constructor(
    private readonly normalizedSpec: ForecasterSpec,
    state: Omit<ForecasterState, 'spec' | 'model'> & { model: tf.LayersModel | null },
  ) {
    this.vocabulary = state.vocabulary;
    this.transforms = state.transforms;
    this.scaling = state.scaling;
    this.fittedFlag = state.fitted;
    this.layout = forecastLayout(normalizedSpec);
    this.pipeline = new TransformPipeline(normalizedSpec.transforms, this.layout.targets, this.layout.lookback);
    this.network = new ForecasterNetwork(normalizedSpec, this.layout, state.model);
  }

  /**
   * Validates the spec (SpecError / UnknownArchitectureError) and returns an unfitted forecaster.
   * The model itself is built on first use (needs an initialized backend, see initBackend()).
   */
  static create(spec: ForecasterSpec): Forecaster {
    assertNetworkArchitecture(spec?.architecture);
    const forecaster = new Forecaster(validateSpec(spec), { model: null, transforms: null, scaling: 'stored', fitted: false, vocabulary: null });
    if (activeBackend()) forecaster.network.get();
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

  /** 'per-window' for a global model (fitMany()): predict() scales each history by its last scaleSpan values, as training scaled each window ('per-series': a file from before, scaled by each whole history). */
  get scalingMode(): ScalingMode {
    return this.scaling;
  }

  /** Where a training series' unfitted targets begin (firstUnfittedPoint of its spec). */
  firstUnfittedPoint(length: number, validationSplit: number): number {
    return firstUnfittedPoint(this.normalizedSpec, length, validationSplit);
  }

  weightBytes(): number {
    return this.network.weightBytes();
  }

  /** Its lookback; a global model also fits its scale on up to `scaleSpan` values before it (a 'per-series' file on all of them). */
  maxHistory(): number {
    return this.scaling === 'per-window' ? Math.max(this.minHistory(), this.pipeline.scaleSpan) : this.minHistory();
  }

  minHistory(): number {
    return this.normalizedSpec.lookback;
  }

  private assertUsable(): void {
    if (this.disposed) throw new ForecastingError('DISPOSED', 'Forecaster has been disposed');
  }

  /**
   * Trains on `series` (oldest first). The first fit also fits the transforms' statistics (the scale) on the training
   * part; later fits continue from the current weights and reuse them. With validationSplit, the last windows
   * are held out (with a gap of steps − 1 windows so no target is shared with training). On a global model
   * (after fitMany()) this continues training it on one more series.
   */
  async fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    const { timestamps, timeZone, covariates, key, labels, ...rest } = options ?? ({} as FitOptions);
    return this.train([{ values: series, timestamps, timeZone, covariates, key, labels }], rest, 'fit', this.scaling !== 'stored' && this.fittedFlag);
  }

  /**
   * Trains one global model over many series. Each series (and each of its covariates) is scaled by its own
   * statistics (the spec's transforms fitted on it), both here (each window by the scaleSpan values before its end) and
   * in predict() (a history by its last scaleSpan values), so the model forecasts series of any level and scale,
   * including ones it never saw. Validation windows are held out per series.
   */
  async fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult> {
    if (!Array.isArray(series) || series.length === 0) throw new InvalidArgumentError('fitMany() needs a non-empty array of series');
    if (this.fittedFlag && this.scaling === 'stored') {
      throw new InvalidArgumentError('this forecaster was fitted on one series with a stored scaler; fitMany() needs a fresh forecaster');
    }
    const inputs = series.map(asSeriesInput);
    return this.train(inputs, options, 'fitMany', true);
  }

  private async train(inputs: SeriesInput[], options: FitManyOptions, method: 'fit' | 'fitMany', perSeries: boolean): Promise<FitResult> {
    this.assertUsable();
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is already running on this forecaster');
    const opts = parseFitOptions(options, { quantileHead: this.layout.quantiles !== null, transforms: this.normalizedSpec.transforms });
    const splits = checkedSplits(inputs, this.layout, this.pipeline, opts.validationSplit, method);

    this.fitting = true;
    this.inference.release(); // before the weights change
    try {
      const backend = await ensureBackend();
      if (!perSeries && !this.transforms) this.transforms = this.pipeline.fit(inputs[0], splits[0].trainEnd);
      if (!this.fittedFlag && this.layout.embedded.length > 0) this.vocabulary = SeriesVocabulary.fit(this.layout.embedded, inputs);
      const windows = trainingWindows(inputs.map((input) => this.withRows(input)), splits, this.layout, this.pipeline, perSeries ? null : this.transforms, windowSamplingOf(opts));
      const model = this.seededModel(opts.seed);
      const train = trainOptionsOf(this.normalizedSpec, this.layout, opts, options);
      const outcome = await trainWithRollback(model, this.fittedFlag, () => trainModel(model, windows.train, windows.val, train), () => this.discardModel());
      if (outcome.samplesSeen > 0) {
        this.fittedFlag = true;
        this.scaling = perSeries ? 'per-window' : 'stored';
      }
      return fitResultOf(outcome, { backend: backend.name, series: inputs.length, trainSamples: windows.train.count, valSamples: windows.val?.count ?? 0 });
    } finally {
      this.inference.release();
      this.fitting = false;
    }
  }

  /** A model not fitted yet is rebuilt from the seed (and for the vocabulary's tables); with a seed, the dropout masks of any model are reseeded. */
  private seededModel(seed: number | undefined): tf.LayersModel {
    if (!this.fittedFlag && (seed !== undefined || this.vocabulary)) this.network.rebuild(seed === undefined ? randomSeed() : deriveSeed(seed, 'init'), this.vocabulary?.tables());
    const model = this.network.get();
    if (seed !== undefined) reseedDropout(model, seed);
    return model;
  }

  /** Forgets a model whose first fit failed, with its fitted transforms and vocabulary. */
  private discardModel(): void {
    this.network.dispose();
    this.transforms = null;
    this.vocabulary = null;
  }

  /** `input` with the rows of its key and labels when the model embeds them. */
  private withRows<T extends SeriesInput>(input: T): T {
    return this.vocabulary?.withRows(input) ?? input;
  }

  /** The embedded fields ('key', 'labels.<name>') for which a forecast of the series in `inputs` reads the learned unknown vector: values not seen in training. */
  embeddingFallbacks(inputs: Pick<PredictInputs, 'key' | 'labels'> = {}): string[] {
    return this.vocabulary?.unknownFields(inputs) ?? [];
  }

  /**
   * Forecasts the `horizon` points that follow `history` (oldest first), from its last `lookback` points.
   * Up to the model's output steps come from one forward pass; beyond that the model is applied recursively,
   * feeding its own forecasts back as input. A quantile forecaster returns its median. `inputs` carries the
   * history's timestamps (calendar features) and covariates, aligned with `history`.
   */
  async predict(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<number[]> {
    const [forecast] = await this.forecast(this.oneHistory(history, horizon, inputs));
    return pointsOf(forecast, 0, medianIndex(this.layout));
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
    const request = historiesRequest(histories, horizon, inputs);
    if (!request) return [];
    const forecasts = await this.forecast(request);
    return forecasts.map((forecast) => pointsOf(forecast, 0, medianIndex(this.layout)));
  }

  /** Forecast quantiles of the target by level (keys as String(level), e.g. "0.1"). Needs spec.quantiles. */
  async predictQuantiles(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<Record<string, number[]>> {
    const levels = this.layout.quantiles;
    if (!levels) throw new InvalidArgumentError('this forecaster has no quantile head: create it with spec.quantiles');
    const [forecast] = await this.forecast(this.oneHistory(history, horizon, inputs));
    return Object.fromEntries(levels.map((level, k) => [String(level), pointsOf(forecast, 0, k)]));
  }

  /** Point forecasts of every target channel: [target, covariate 1, ...] with multivariateTarget, else [target]. */
  async predictMultivariate(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<number[][]> {
    const [forecast] = await this.forecast(this.oneHistory(history, horizon, inputs));
    return Array.from({ length: forecast.targets }, (_, c) => pointsOf(forecast, c, medianIndex(this.layout)));
  }

  /**
   * Attention weights of the model's last attention layer for the window that ends `history`, as
   * [head][query][key]: for seq2seq one head, a query per decoder step and a key per lookback step; for a transformer
   * a query and a key per lookback step. Each row sums to one.
   */
  async attentionWeights(history: ArrayLike<number>, inputs: PredictInputs = {}): Promise<number[][][]> {
    const { model, contexts } = await this.prepare(this.oneHistory(history, 1, inputs));
    return attentionWeightsOf(model, contexts.batch(0), this.normalizedSpec.architecture);
  }

  private oneHistory(history: ArrayLike<number>, horizon: number, inputs: PredictInputs): ForecastRequest {
    return { series: [{ ...inputs, values: history }], horizon, name: () => 'history' };
  }

  /**
   * Throws what predict(history, horizon, inputs) would throw for this history (too short, not finite where it is
   * read, outside the transforms' domain, an unfitted model), without forecasting: a caller that batches many
   * histories into one predictBatch() checks each first, so that one cannot fail the others.
   */
  checkHistory(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): void {
    this.validate(this.oneHistory(history, horizon, inputs));
  }

  private validate(request: ForecastRequest): void {
    this.assertUsable();
    const reads = this.scaling === 'per-series' ? Infinity : this.maxHistory();
    assertForecastRequest(request, this.layout, this.pipeline, { fitted: this.fittedFlag && (this.scaling !== 'stored' || this.transforms !== null), reads });
  }

  /** Validates a forecast request and returns the model and each series' transformed context. */
  private async prepare(request: ForecastRequest): Promise<{ model: tf.LayersModel; contexts: ForecastContexts }> {
    this.validate(request);
    await ensureBackend();
    const model = this.network.get();
    // stored transforms, or a global model's own per history (on all of it for a 'per-series' file from before)
    const transforms = request.series.map((input) => this.transforms ?? (this.scaling === 'per-series' ? this.pipeline.fit(input) : this.pipeline.fitOnHistory(input)));
    return { model, contexts: new ForecastContexts(request.series.map((input) => this.withRows(input)), transforms, this.layout, request.horizon, this.pipeline.level) };
  }

  private async forecast(request: ForecastRequest): Promise<Forecast[]> {
    const { model, contexts } = await this.prepare(request);
    return this.inference.forecast(model, this.layout, contexts);
  }

  /** Keras-style layer table. Needs an initialized backend (the model is built on first use). */
  summary(): ModelSummary {
    this.assertUsable();
    return summarizeModel(this.network.get());
  }

  /** Serializes spec (with its transforms), fitted statistics, topology and weights into one byte buffer (see serialization/forecaster-file.ts). */
  async save(): Promise<Uint8Array> {
    this.assertUsable();
    await ensureBackend();
    const model = this.network.get();
    return writeForecasterFile({ spec: this.normalizedSpec, model, transforms: this.transforms, scaling: this.scaling, fitted: this.fittedFlag, vocabulary: this.vocabulary });
  }

  /** Restores a forecaster saved with save(). Throws ModelFormatError on anything that is not such a buffer. */
  static async load(bytes: Uint8Array): Promise<Forecaster> {
    const { spec, ...state } = await readForecasterFile(bytes);
    return new Forecaster(spec, state);
  }

  /** Frees the model's tensors. The forecaster is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inference.release();
    this.network.dispose();
  }
}
