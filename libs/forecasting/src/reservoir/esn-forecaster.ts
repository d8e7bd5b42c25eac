import { PointForecastModel } from '../ensembles/point-forecast-model';
import { ForecastingError, InvalidArgumentError, ModelFormatError, NotFittedError, SpecError } from '../errors';
import { forecastLayout, validateSpec, type ForecasterSpec, type ForecastLayout } from '../forecaster-spec';
import { assertForecastRequest, ForecastContexts, forecastByPasses, historiesRequest, pointsOf, type ForecastRequest, type PredictInputs } from '../inference';
import { firstUnfittedPoint } from '../intervals/calibration-windows';
import type { ScalingMode } from '../serialization';
import { checkedSplits, chronologicalSplit, parseFitOptions, splitWindows, trainingWindows, type FitManyOptions, type FitOptions, type FitResult } from '../training';
import { TransformPipeline } from '../transforms';
import { deriveSeed, randomSeed } from '../util/random';
import { asSeriesInput, assertSeriesInput, windowCount, type SeriesInput, type Windows } from '../windowing';
import { isEsnHeader, readEsnFile, writeEsnFile, type EsnMember } from './esn-file';
import { ESN_ARCHITECTURE, type ResolvedEsnParams } from './esn-spec';
import { esnTransforms } from './esn-transforms';
import { forEachReadoutRow, readoutFeatureCount } from './readout-features';
import { Reservoir } from './reservoir';
import { chooseRidgePerRow, DEFAULT_RIDGE_PER_ROW, NormalEquations, RidgeReadout } from './ridge-readout';

/**
 * Share of each series' windows (the last ones, after a gap) the ridge penalty is chosen on when the fit has no
 * validation split of its own; the readout is then refitted on every window with the chosen penalty per window.
 */
export const PENALTY_SELECTION_SPLIT = 0.2;

/** Which normal equations a training window adds to (an index into them). */
const WindowRole = { Train: 0, Gap: 1, Validation: 2 } as const;

/**
 * An Echo State Network forecaster (Jaeger 2001; leaky-integrator units, Jaeger et al. 2007): each window, transformed
 * and scaled as any global model's (by the values that end with it), drives one or more fixed random reservoirs; a linear readout
 * maps [1, the window, the reservoir's final state] to every step of the horizon at once (direct multi-horizon). The
 * readout is the only fitted part: ridge regression in closed form, its penalty chosen on validation windows cut from
 * the end of each training series. Several reservoirs (params.reservoirs) each get their own readout, and their
 * forecasts are averaged. With params.online, updateReadout() learns from new points by recursive least squares,
 * without refitting. Everything is float64 JavaScript: no tfjs, so serving is direct inference by construction.
 */
export class EsnForecaster extends PointForecastModel {
  private fitting = false;
  private readonly layout: ForecastLayout;
  /** The spec as fitted: with the transforms it was fitted with (the spec's, or derived from the data: esnTransforms). */
  private fittedSpec: ForecasterSpec;
  private pipeline: TransformPipeline;

  private constructor(
    normalizedSpec: ForecasterSpec,
    private members: EsnMember[] | null,
  ) {
    super(normalizedSpec, 'an ESN');
    this.layout = forecastLayout(normalizedSpec);
    this.fittedSpec = normalizedSpec;
    this.pipeline = new TransformPipeline(normalizedSpec.transforms, 1, this.layout.lookback);
  }

  /** The spec, and once fitted, with the transforms it was fitted with (derived from the data where the spec gave none). */
  get spec(): ForecasterSpec {
    return structuredClone(this.fittedSpec);
  }

  /** Validates an ESN spec (SpecError) and returns an unfitted ESN. */
  static create(spec: ForecasterSpec): EsnForecaster {
    const normalized = validateSpec(spec);
    if (normalized.architecture !== ESN_ARCHITECTURE) throw new SpecError(`not an ESN spec (architecture "${normalized.architecture}")`);
    return new EsnForecaster(normalized, null);
  }

  private get params(): ResolvedEsnParams {
    return this.normalizedSpec.params as ResolvedEsnParams;
  }

  get fitted(): boolean {
    return this.members !== null;
  }

  /** Each window is scaled by the scaleSpan values that end with it, in training and in predict(), as any global model's. */
  get scalingMode(): ScalingMode {
    return 'per-window';
  }

  minHistory(): number {
    return this.normalizedSpec.lookback;
  }

  /** Its lookback, and the values before it its scale is fitted on (up to the pipeline's scaleSpan). */
  maxHistory(): number {
    return Math.max(this.normalizedSpec.lookback, this.pipeline.scaleSpan);
  }

  /** The fit refits on every window without a validation split, so only then are points left unfitted (see firstUnfittedPoint). */
  firstUnfittedPoint(length: number, validationSplit: number): number {
    return firstUnfittedPoint(this.normalizedSpec, length, validationSplit);
  }

  /** The reservoirs' and readouts' float64 arrays (and int32 connections). */
  weightBytes(): number {
    return (this.members ?? []).reduce((sum, { reservoir, readout }) => {
      const { values, input, bias, columns } = reservoir.weights;
      return sum + values.byteLength + input.byteLength + bias.byteLength + columns.byteLength + readout.weights.data.byteLength + (readout.inverse?.data.byteLength ?? 0);
    }, 0);
  }

  /** The ridge penalty of each reservoir's readout (λ added to the diagonal of XᵀX), as fitted or chosen. */
  get readoutPenalties(): number[] {
    return this.assertFitted().map(({ readout }) => readout.penalty);
  }

  /** An ESN on one series: the same as fitMany() of it alone (each window scaled as a global model's). */
  fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    return this.fitAlone(series, options);
  }

  /**
   * Fits every reservoir's readout on the windows of every series, in one pass. The penalty ('auto') is chosen among
   * RIDGE_CANDIDATES per window on the validation windows: those of `validationSplit` (and the readout is then fitted
   * on the training windows only, so the validation targets stay unfitted), or without one, the last
   * PENALTY_SELECTION_SPLIT of each series' windows (and the readout is refitted on every window). The training options
   * of gradient descent (epochs, batch size, learning rate, early stopping, time budget) do not apply; the loss is the
   * squared error. `shouldStop` is polled before each reservoir: a cancelled fit keeps the model as it was.
   */
  async fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult> {
    this.assertUsable();
    if (!Array.isArray(series) || series.length === 0) throw new InvalidArgumentError('fitMany() needs a non-empty array of series');
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is already running on this model');
    const inputs = series.map(asSeriesInput);
    const transforms = esnTransforms(this.normalizedSpec, inputs);
    const pipeline = new TransformPipeline(transforms, 1, this.layout.lookback);
    const opts = parseFitOptions(options, { quantileHead: false, transforms });
    if (opts.loss !== 'mse') throw new InvalidArgumentError(`an ESN's readout is fitted by least squares: loss must be 'mse' (got '${opts.loss}')`);
    // refuses what every model's fit refuses, a series with no training window left by the split included
    checkedSplits(inputs, this.layout, pipeline, opts.validationSplit, 'fitMany');
    this.fitting = true;
    try {
      const started = performance.now();
      const windows = this.windowsOf(inputs, pipeline, (i) => `fitMany() series[${i}]`);
      const selection = opts.validationSplit > 0 ? opts.validationSplit : PENALTY_SELECTION_SPLIT;
      const roles = windowRoles(inputs.map((input) => windowCount(input.values.length, this.layout.lookback, this.layout.steps)), this.layout.steps, selection);
      const seed = this.params.seed ?? opts.seed ?? randomSeed();
      const members: EsnMember[] = [];
      const losses: { loss: number; valLoss?: number; rows: number; validationRows: number }[] = [];
      for (let k = 0; k < this.params.reservoirs; k++) {
        if (options.shouldStop?.()) return cancelledResult(performance.now() - started, inputs.length);
        const reservoir = Reservoir.random(this.params, deriveSeed(seed, 'reservoir', k));
        const fitted = await this.fitReadout(reservoir, windows, roles, opts.validationSplit > 0);
        members.push({ reservoir, readout: fitted.readout });
        losses.push(fitted);
      }
      this.members = members;
      this.fittedSpec = { ...this.normalizedSpec, transforms };
      this.pipeline = pipeline;
      const durationMs = performance.now() - started;
      const loss = mean(losses.map((l) => l.loss));
      const valLosses = losses.map((l) => l.valLoss).filter((v): v is number => v !== undefined);
      const valLoss = valLosses.length === losses.length ? mean(valLosses) : undefined;
      await options.onEpoch?.({ epoch: 1, epochs: 1, loss, valLoss, learningRate: 0, elapsedMs: durationMs, etaMs: 0, windowsSeen: windows.count, seriesSeen: inputs.length });
      return {
        epochs: 1,
        loss,
        ...(valLoss !== undefined && { valLoss, bestValLoss: valLoss }),
        bestEpoch: 1,
        stoppedEarly: false,
        cancelled: false,
        restoredBestWeights: false,
        durationMs,
        samplesPerSecond: durationMs > 0 ? (windows.count * this.params.reservoirs * 1000) / durationMs : 0,
        backend: 'js',
        series: inputs.length,
        trainSamples: losses[0].rows,
        valSamples: losses[0].validationRows,
        history: { loss: [loss], valLoss: valLoss === undefined ? [] : [valLoss], learningRate: [] },
      };
    } finally {
      this.fitting = false;
    }
  }

  /**
   * One reservoir's readout: the normal equations of the training, gap and validation windows in one pass, the
   * penalty (chosen, or the spec's), then the fit on the training windows (`heldOut`) or on all of them.
   */
  private async fitReadout(reservoir: Reservoir, windows: Windows, roles: Uint8Array, heldOut: boolean) {
    const { lookback, steps } = this.layout;
    const features = readoutFeatureCount(lookback, reservoir.size);
    const parts = [new NormalEquations(features, steps), new NormalEquations(features, steps), new NormalEquations(features, steps)];
    await forEachReadoutRow(reservoir, windows.inputs, windows.count, lookback, this.params.washout, (row, w) =>
      parts[roles[w]].add(row, windows.targets.subarray(w * steps, (w + 1) * steps)),
    );
    const [train, gap, validation] = parts;
    const fitted = heldOut ? train : train.plus(gap, validation);
    const { regularization } = this.params;
    const chosen = regularization === 'auto' && train.rows > 0 && validation.rows > 0 ? chooseRidgePerRow(train, validation) : null;
    const penalty = regularization !== 'auto' ? regularization : (chosen?.perRow ?? DEFAULT_RIDGE_PER_ROW) * fitted.rows;
    const readout = RidgeReadout.fit(fitted, penalty, this.params.online);
    // the validation loss of the readout itself (held out), else that of the penalty's choice (refitted on every window after it)
    const valLoss = heldOut && validation.rows > 0 ? validation.meanSquaredError(readout.weights) : chosen?.validationMse;
    return { readout, loss: fitted.meanSquaredError(readout.weights), valLoss, rows: fitted.rows, validationRows: validation.rows };
  }

  /** Every (lookback → horizon) window of each series, transformed and scaled as a global model's (trainingWindows). */
  private windowsOf(inputs: readonly SeriesInput[], pipeline: TransformPipeline, label: (i: number) => string): Windows {
    const splits = inputs.map((input, i) => chronologicalSplit(input.values.length, this.layout, 0, label(i)));
    return trainingWindows(inputs, splits, this.layout, pipeline, null).train.windowsOf(0);
  }

  /**
   * Learns from new points without refitting: every window whose targets end in one of `newPoints` (appended to
   * `history`, the series the model has seen so far, of which what those windows read is used) updates each readout by
   * recursive least squares. After them, each readout is the ridge fit, with its penalty, of the windows it was fitted
   * on and the new ones together (to rounding). Needs params.online. Returns the windows learnt from.
   */
  async updateReadout(history: ArrayLike<number>, newPoints: ArrayLike<number>): Promise<number> {
    const members = this.assertFitted();
    if (!this.params.online) throw new InvalidArgumentError('updateReadout() needs a model fitted with params.online: true (it keeps the inverse of each readout\'s normal equations)');
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is running on this model');
    const { lookback, steps } = this.layout;
    const values = [...Array.from(history), ...Array.from(newPoints)];
    // from what the first window to learn from reads: the one whose last target is the first new point
    const segment = values.slice(Math.max(0, history.length - steps + 1 - this.maxHistory()));
    const input = { values: segment };
    assertSeriesInput('updateReadout() series', input, this.layout);
    this.pipeline.assertInDomain('updateReadout() series', input);
    if (segment.length < lookback + steps) return 0;
    const windows = this.windowsOf([input], this.pipeline, () => 'updateReadout() series');
    const first = Math.max(0, windows.count - newPoints.length);
    for (const { reservoir, readout } of members) {
      await forEachReadoutRow(reservoir, windows.inputs.subarray(first * lookback), windows.count - first, lookback, this.params.washout, (row, w) =>
        readout.update(row, windows.targets.subarray((first + w) * steps, (first + w + 1) * steps)),
      );
    }
    return windows.count - first;
  }

  /**
   * Forecasts each history from its last lookback values (transformed and scaled by them), all histories as one batch
   * through each reservoir; beyond the horizon, recursively, as any direct forecaster.
   */
  async predictBatch(
    histories: ReadonlyArray<ArrayLike<number>>,
    horizon: number = this.normalizedSpec.horizon,
    inputs: ReadonlyArray<PredictInputs> = [],
  ): Promise<number[][]> {
    const request = historiesRequest(histories, horizon, inputs);
    if (!request) return [];
    this.validate(request);
    const members = this.members!;
    const { lookback } = this.layout;
    const transforms = request.series.map((input) => this.pipeline.fitOnHistory(input));
    const contexts = new ForecastContexts(request.series, transforms, this.layout, horizon, this.pipeline.level);
    const batch = histories.length;
    const forecasts = await forecastByPasses(
      async (offset) => {
        const x = contexts.values(offset);
        const sum = new Float64Array(batch * this.layout.steps);
        const out = new Float64Array(this.layout.steps);
        for (const { reservoir, readout } of members) {
          await forEachReadoutRow(reservoir, x, batch, lookback, this.params.washout, (row, b) => {
            readout.apply(row, out);
            for (let s = 0; s < out.length; s++) sum[b * out.length + s] += out[s] / members.length;
          });
        }
        return sum;
      },
      this.layout,
      contexts,
    );
    return forecasts.map((forecast) => pointsOf(forecast, 0, 0));
  }

  checkHistory(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): void {
    this.validate({ series: [{ ...inputs, values: history }], horizon, name: () => 'history' });
  }

  private validate(request: ForecastRequest): void {
    this.assertUsable();
    assertForecastRequest(request, this.layout, this.pipeline, { fitted: this.members !== null, reads: this.maxHistory() });
  }

  /** One container (esn-file.ts): the spec, then each reservoir's weights and its readout. */
  async save(): Promise<Uint8Array> {
    return writeEsnFile(this.fittedSpec, this.assertFitted());
  }

  /** True when `header` (an unpacked container's) is an ESN's. */
  static isEsnHeader(header: unknown): boolean {
    return isEsnHeader(header);
  }

  /** Restores an ESN saved with save(). Throws ModelFormatError on anything else. */
  static async load(bytes: Uint8Array): Promise<EsnForecaster> {
    const { spec, members } = readEsnFile(bytes);
    let normalized: ForecasterSpec;
    try {
      normalized = validateSpec(spec);
    } catch (err) {
      throw new ModelFormatError(`saved ESN spec is not valid here: ${(err as Error).message}`);
    }
    const params = normalized.params as ResolvedEsnParams;
    const features = readoutFeatureCount(normalized.lookback, params.reservoirSize);
    if (members.length !== params.reservoirs || members.some(({ reservoir, readout }) => reservoir.size !== params.reservoirSize || readout.features !== features || readout.outputs !== normalized.horizon)) {
      throw new ModelFormatError(`the saved reservoirs and readouts do not match the spec (${params.reservoirs} of ${params.reservoirSize} units, ${features} features, horizon ${normalized.horizon})`);
    }
    return new EsnForecaster(normalized, members);
  }

  dispose(): void {
    this.disposed = true;
    this.members = null;
  }

  private assertFitted(): EsnMember[] {
    this.assertUsable();
    if (this.members === null) throw new NotFittedError();
    return this.members;
  }
}

/**
 * The role of each window of series with `totals` windows each (one series after another): per series, the
 * chronological split of splitWindows by `fraction`; every window of a series too short to leave a training window
 * joins the final fit only.
 */
function windowRoles(totals: readonly number[], steps: number, fraction: number): Uint8Array {
  const roles = new Uint8Array(totals.reduce((sum, total) => sum + total, 0));
  let at = 0;
  for (const total of totals) {
    const { train, gap } = splitWindows(total, steps, fraction);
    for (let w = 0; w < total; w++) roles[at + w] = train < 1 ? WindowRole.Gap : w < train ? WindowRole.Train : w < train + gap ? WindowRole.Gap : WindowRole.Validation;
    at += total;
  }
  return roles;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function cancelledResult(durationMs: number, series: number): FitResult {
  return {
    epochs: 0,
    loss: Number.NaN,
    bestEpoch: 0,
    stoppedEarly: false,
    cancelled: true,
    stopReason: 'cancelled',
    restoredBestWeights: false,
    durationMs,
    samplesPerSecond: 0,
    backend: 'js',
    series,
    trainSamples: 0,
    valSamples: 0,
    history: { loss: [], valLoss: [], learningRate: [] },
  };
}
