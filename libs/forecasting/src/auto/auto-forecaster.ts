import { PointForecastModel } from '../ensembles/point-forecast-model';
import { z } from 'zod';
import { seasonalNaiveForecast, seasonalNaiveMethod } from '../baselines';
import { detectSeason } from '../baselines/seasonality';
import type { ForecastModel } from '../ensembles/forecast-model';
import { ForecastingError, InvalidArgumentError, ModelFormatError, NotFittedError, SpecError } from '../errors';
import { validateSpec, type ForecasterSpec } from '../forecaster-spec';
import type { PredictInputs } from '../inference';
import { formatIssues } from '../models';
import { packContainer, unpackContainer, type ScalingMode } from '../serialization';
import { chronologicalSplit, sequentialProgress, type FitManyOptions, type FitOptions, type FitResult } from '../training';
import { deriveSeed } from '../util/random';
import { LIBRARY_VERSION } from '../version';
import { allPositive } from '../transforms';
import { asSeriesInput, assertFiniteSeries, type SeriesInput } from '../windowing';
import { planAuto, KEEP_WITHIN, type AutoCandidate, type AutoPlan } from './auto-plan';
import { candidateFitOptions, candidateModel } from './candidate-training';
import { KeptMembers } from './kept-members';
import { validationScore, validationWindows, type ValidationMetric, type ValidationWindow } from './validation-score';
import { AUTO_ARCHITECTURE, type AutoParams } from './auto-spec';

/** One candidate as the fit reports it. */
export interface AutoCandidateResult {
  readonly architecture: string;
  readonly lookback: number;
  /** An MLP's hidden widths. */
  readonly hidden?: readonly number[];
  /** Shortest series it trained on. */
  readonly minLength: number;
  /** Training series it saw (those at least `minLength` long). */
  readonly series: number;
  readonly epochs: number;
  /** An MLP's batch size. */
  readonly batchSize?: number;
  /** An ESN's fit time as the plan estimated it, in seconds. */
  readonly estimatedSeconds?: number;
  /** Its own validation loss (over its own windows, in its own loss). */
  readonly bestValLoss?: number;
  /** Its score on the validation windows every candidate is scored on, in the plan's validationMetric: what selects it. */
  readonly validationScore?: number;
  readonly stopReason?: string;
  readonly kept: boolean;
}

/** What auto chose and why: saved with the model, reported by the fit (FitResult.auto). */
export interface AutoChoice {
  readonly season: number;
  readonly seasonDetected: boolean;
  readonly transforms: AutoPlan['transforms'];
  readonly loss: AutoPlan['loss'];
  /** The metric every candidate was scored on, on the same validation windows. */
  readonly validationMetric: AutoPlan['validationMetric'];
  /** Share of each series' windows each candidate validated on (the last ones, after a gap). */
  readonly validationSplit: number;
  readonly candidates: readonly AutoCandidateResult[];
  /** 'median' of the kept members, 'single' for one, 'seasonal-naive' when no series was long enough to train on. */
  readonly combine: 'median' | 'single' | 'seasonal-naive';
  /** The shortest history the trained model forecasts; shorter ones get the seasonal naive forecast. */
  readonly minHistory: number;
  readonly reasons: readonly string[];
}

/** Version 1 saved the kept model as one (a forecaster, or an ensemble of them); version 2 each kept member's bytes (`members`). */
const autoHeaderSchema = z.object({
  format: z.literal('tsf-auto'),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  library: z.string(),
  savedAt: z.string(),
  spec: z.record(z.string(), z.unknown()),
  choice: z.record(z.string(), z.unknown()),
  members: z.array(z.object({ bytes: z.number().int().nonnegative() })).optional(),
});

const valuesOf = (series: ArrayLike<number> | SeriesInput): ArrayLike<number> => asSeriesInput(series).values;

/**
 * The `auto` model: given a horizon, a lookback cap and the training series, it plans candidates from the data
 * (planAuto: lookbacks, transforms, loss, widths, epochs, batch sizes; MLPs and an ESN), trains each (the MLPs within
 * their share of the time budget, with early stopping) holding out validation windows cut from the end of each
 * training series, scores every candidate's forecasts of the same validation windows in one metric
 * (validation-score.ts), and keeps the best (those within KEEP_WITHIN of the best score, at most maxMembers), combined
 * by their median. A history shorter than the kept members read gets the seasonal naive forecast, and methodFor()
 * says so; no series is refused for being short. Saved as one container: what it chose, then each kept member's bytes.
 */
export class AutoForecaster extends PointForecastModel {
  private fitting = false;

  private constructor(
    normalizedSpec: ForecasterSpec,
    private trained: { choice: AutoChoice; model: KeptMembers | null } | null,
  ) {
    super(normalizedSpec, 'an auto model');
  }

  /** Validates an auto spec (SpecError) and returns an unfitted auto model. */
  static create(spec: ForecasterSpec): AutoForecaster {
    const normalized = validateSpec(spec);
    if (normalized.architecture !== AUTO_ARCHITECTURE) throw new SpecError(`not an auto spec (architecture "${normalized.architecture}")`);
    return new AutoForecaster(normalized, null);
  }

  private get params(): AutoParams {
    return this.normalizedSpec.params as AutoParams;
  }

  /** What the fit chose (undefined before it). */
  get choice(): AutoChoice | undefined {
    return this.trained?.choice;
  }

  get fitted(): boolean {
    return this.trained !== null;
  }

  get scalingMode(): ScalingMode {
    return 'per-series';
  }

  /** One point: a history shorter than the members read gets the seasonal naive forecast (naive under a season). */
  minHistory(): number {
    return 1;
  }

  /** The kept members' longest lookback (a season for seasonal naive alone), or the spec's cap before the fit. */
  maxHistory(): number {
    if (!this.trained) return this.normalizedSpec.lookback;
    return this.trained.model?.maxHistory() ?? this.trained.choice.season;
  }

  weightBytes(): number {
    return this.trained?.model?.weightBytes() ?? 0;
  }

  /** What forecasts `history`: 'auto' (the trained members), or the seasonal naive fallback's method. */
  methodFor(history: ArrayLike<number>): string {
    const trained = this.assertFitted();
    return this.ownsHistory(history) ? AUTO_ARCHITECTURE : seasonalNaiveMethod(history, trained.choice.season);
  }

  /**
   * The trained members forecast a history at least as long as they read whose read values are in their transforms'
   * domain (positive, when auto chose the log); the seasonal naive forecast takes the others.
   */
  private ownsHistory(history: ArrayLike<number>): boolean {
    const { model, choice } = this.assertFitted();
    if (model === null || history.length < choice.minHistory) return false;
    if (!choice.transforms.log) return true;
    for (let i = history.length - choice.minHistory; i < history.length; i++) if (!(history[i] > 0)) return false;
    return true;
  }

  /**
   * The first point of a training series of `length` values that no kept candidate had as a training target: their
   * validation targets and what follows are errors of a model not fitted on them (the selection among three candidates
   * saw them too). 0 for a series too short for every kept candidate (none trained on it).
   */
  firstUnfittedPoint(length: number): number {
    const { choice } = this.assertFitted();
    const layout = (lookback: number) => ({ lookback, steps: this.normalizedSpec.horizon, recursive: false });
    const ends = choice.candidates
      .filter((candidate) => candidate.kept && length >= candidate.minLength)
      .map((candidate) => chronologicalSplit(length, layout(candidate.lookback), choice.validationSplit, 'calibration').trainEnd);
    return Math.max(0, ...ends);
  }

  /** Auto on one series: the same as fitMany() of it alone. */
  fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    return this.fitAlone(series, options);
  }

  /**
   * Plans, trains every candidate in turn (seeds derived from the fit's seed; `epochs` caps each candidate's epochs;
   * `timeBudgetSeconds` caps the plan's), and keeps the best. Progress counts the epochs of every candidate.
   */
  async fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult> {
    this.assertUsable();
    if (!Array.isArray(series) || series.length === 0) throw new InvalidArgumentError('fitMany() needs a non-empty array of series');
    if (!Number.isInteger(options?.epochs) || options.epochs < 1) throw new InvalidArgumentError('options.epochs must be a positive integer (the most epochs a candidate trains)');
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is already running on this model');
    this.fitting = true;
    try {
      const values = series.map(valuesOf);
      const seasonDetected = this.params.season === 'auto';
      const season = this.params.season === 'auto' ? detectSeason(values).season : this.params.season;
      const plan = planAuto({
        horizon: this.normalizedSpec.horizon,
        season,
        lookbackCap: this.normalizedSpec.lookback,
        lengths: values.map((v) => v.length),
        positive: allPositive(values),
        maxEpochs: options.epochs,
        timeBudgetSeconds: Math.min(this.params.timeBudgetSeconds, options.timeBudgetSeconds ?? Infinity),
      });
      const { results, fitted } = await this.trainCandidates(plan, series, options);
      const windows = validationWindows(values.map((v) => v.length), plan.candidates.slice(0, results.length), this.normalizedSpec.horizon, plan.validationSplit);
      const scores = await this.scoreCandidates(plan, fitted, results, values, windows).catch((error: unknown) => {
        fitted.forEach((model) => model.dispose());
        throw error;
      });
      const kept = keptIndexes(scores, this.params.maxMembers);
      fitted.forEach((model, i) => kept.includes(i) || model.dispose());
      const model = kept.length === 0 ? null : new KeptMembers(kept.map((i) => fitted[i]));
      const choice: AutoChoice = {
        season,
        seasonDetected,
        transforms: plan.transforms,
        loss: plan.loss,
        validationMetric: plan.validationMetric,
        validationSplit: plan.validationSplit,
        candidates: plan.candidates.slice(0, results.length).map((candidate, i) => candidateResult(candidate, results[i], scores[i], values, kept.includes(i))),
        combine: kept.length === 0 ? 'seasonal-naive' : kept.length === 1 ? 'single' : 'median',
        minHistory: model?.minHistory() ?? 0,
        reasons: [...plan.reasons, scoreReason(plan.validationMetric, windows.length), keepReason(kept.length, results.length, this.params.maxMembers)],
      };
      this.trained?.model?.dispose();
      this.trained = { choice, model };
      return autoFitResult(results, choice, values.length);
    } finally {
      this.fitting = false;
    }
  }

  private async trainCandidates(plan: AutoPlan, series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions) {
    const results: FitResult[] = [];
    const fitted: ForecastModel[] = [];
    const totalEpochs = plan.candidates.reduce((sum, c) => sum + c.epochs, 0);
    const progress = options.onEpoch && sequentialProgress(options.onEpoch);
    let epochsBefore = 0;
    const started = performance.now();
    try {
      for (const [i, candidate] of plan.candidates.entries()) {
        const model = candidateModel(candidate, plan, this.normalizedSpec.horizon);
        fitted.push(model);
        const seed = options.seed !== undefined ? deriveSeed(options.seed, 'auto-candidate', i) : undefined;
        const seconds = shareOfWhatIsLeft(plan, i, (performance.now() - started) / 1000);
        const result = await model.fitMany(
          series.filter((s) => valuesOf(s).length >= candidate.minLength),
          { ...candidateFitOptions(candidate, plan, options, seconds), seed, ...(progress && { onEpoch: progress(epochsBefore, totalEpochs) }) },
        );
        results.push(result);
        epochsBefore += candidate.epochs;
        if (result.cancelled) break;
      }
    } catch (error) {
      fitted.forEach((model) => model.dispose());
      throw error;
    }
    return { results, fitted };
  }

  /**
   * Each trained candidate's score on the same validation windows (validationScore); Infinity for one that reached no
   * finite validation loss of its own (cancelled before its first epoch ended, or diverged).
   */
  private async scoreCandidates(plan: AutoPlan, fitted: readonly ForecastModel[], results: readonly FitResult[], values: readonly ArrayLike<number>[], windows: readonly ValidationWindow[]): Promise<number[]> {
    const scores: number[] = [];
    for (const [i, result] of results.entries()) {
      const own = result.bestValLoss ?? result.valLoss;
      const settings = { horizon: this.normalizedSpec.horizon, season: plan.season, metric: plan.validationMetric };
      scores.push(own !== undefined && Number.isFinite(own) ? await validationScore(fitted[i], values, windows, settings) : Infinity);
    }
    return scores;
  }

  /** The trained members forecast the histories long enough for them; the others get the seasonal naive forecast. */
  async predictBatch(
    histories: ReadonlyArray<ArrayLike<number>>,
    horizon: number = this.normalizedSpec.horizon,
    inputs: ReadonlyArray<PredictInputs> = [],
  ): Promise<number[][]> {
    const { model, choice } = this.assertFitted();
    if (!Array.isArray(histories)) throw new InvalidArgumentError('histories must be an array of series');
    const own = histories.map((_, i) => i).filter((i) => this.ownsHistory(histories[i]));
    const forecasts = own.length > 0 && model !== null ? await model.predictBatch(own.map((i) => histories[i]), horizon, own.map((i) => inputs[i] ?? {})) : [];
    const byIndex = new Map(own.map((i, k) => [i, forecasts[k]]));
    return histories.map((history, i) => byIndex.get(i) ?? fallbackForecast(`histories[${i}]`, history, horizon, choice.season));
  }

  checkHistory(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): void {
    const { model, choice } = this.assertFitted();
    if (model !== null && this.ownsHistory(history)) model.checkHistory(history, horizon, inputs);
    else fallbackForecast('history', history, 1, choice.season);
  }

  /** One container: a header with the spec, the choice and each kept member's byte length, then their saved bytes (none for seasonal naive). */
  async save(): Promise<Uint8Array> {
    const { model, choice } = this.assertFitted();
    const { body, sizes } = model === null ? { body: new Uint8Array(0), sizes: [] } : await model.save();
    const header = { format: 'tsf-auto', formatVersion: 2, library: LIBRARY_VERSION, savedAt: new Date().toISOString(), spec: this.normalizedSpec, choice, members: sizes.map((bytes) => ({ bytes })) };
    return packContainer(header, body);
  }

  static isAutoHeader(header: unknown): boolean {
    return typeof header === 'object' && header !== null && (header as { format?: unknown }).format === 'tsf-auto';
  }

  /** Restores what save() wrote (or a version 1 file); `loadModel` restores each kept member's bytes (loadForecastModel). */
  static async load(bytes: Uint8Array, loadModel: (bytes: Uint8Array) => Promise<ForecastModel>): Promise<AutoForecaster> {
    const { header, weights } = unpackContainer(bytes);
    const parsed = autoHeaderSchema.safeParse(header);
    if (!parsed.success) throw new ModelFormatError(`bad auto model header: ${formatIssues(parsed.error).join('; ')}`);
    let spec: ForecasterSpec;
    try {
      spec = validateSpec(parsed.data.spec);
    } catch (err) {
      throw new ModelFormatError(`saved auto spec is not valid here: ${(err as Error).message}`);
    }
    const choice = parsed.data.choice as unknown as AutoChoice;
    const body = new Uint8Array(weights);
    const sizes = parsed.data.members?.map((member) => member.bytes) ?? (body.byteLength === 0 ? [] : [body.byteLength]);
    const model = sizes.length === 0 ? null : await KeptMembers.load(body, sizes, loadModel);
    return new AutoForecaster(spec, { choice, model });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.trained?.model?.dispose();
  }

  private assertFitted() {
    this.assertUsable();
    if (this.trained === null) throw new NotFittedError();
    return this.trained;
  }
}

/** Least seconds a candidate is given (a fit's time budget must be positive): it then stops after its first epoch. */
const MIN_CANDIDATE_SECONDS = 1e-3;

/** Candidate `index`'s share of the time budget: what is left after `spentSeconds`, shared by it and the candidates after it. */
function shareOfWhatIsLeft(plan: AutoPlan, index: number, spentSeconds: number): number {
  return Math.max(MIN_CANDIDATE_SECONDS, (plan.timeBudgetSeconds - spentSeconds) / (plan.candidates.length - index));
}

/** The seasonal naive forecast of a history too short for the trained members (refused when not finite, as theirs). */
function fallbackForecast(name: string, history: ArrayLike<number>, horizon: number, season: number): number[] {
  assertFiniteSeries(name, history);
  return seasonalNaiveForecast(history, horizon, season);
}

/**
 * The candidates kept: by validation score, those within KEEP_WITHIN of the best, at most `maxMembers`. None when no
 * candidate has a finite score (every forecast is then seasonal naive).
 */
function keptIndexes(scores: readonly number[], maxMembers: number): number[] {
  const scored = scores.map((score, i) => ({ i, score })).filter(({ score }) => Number.isFinite(score));
  if (scored.length === 0) return [];
  scored.sort((a, b) => a.score - b.score || a.i - b.i);
  const best = scored[0].score;
  return scored
    .filter(({ score }) => score <= best * KEEP_WITHIN)
    .slice(0, maxMembers)
    .map(({ i }) => i)
    .sort((a, b) => a - b);
}

function scoreReason(metric: ValidationMetric, windows: number): string {
  const words = metric === 'log-mae' ? 'the MAE of the logs of its forecasts (relative errors, as sMAPE)' : "the MSE of its forecasts in units of each series' standard deviation";
  return `every candidate scored on the same ${windows} validation window(s) (the last of each series, no candidate's training target), by ${words}`;
}

function keepReason(kept: number, trained: number, maxMembers: number): string {
  if (trained === 0) return 'no candidate trained: seasonal naive for every series';
  if (kept === 0) return `no candidate of ${trained} reached a finite validation score: seasonal naive for every series`;
  if (kept === 1) return `kept the best of ${trained} candidate(s) by validation score`;
  return `kept ${kept} of ${trained} candidates (validation score within ${KEEP_WITHIN}× the best, at most ${maxMembers}), combined by their median`;
}

function candidateResult(candidate: AutoCandidate, result: FitResult, score: number, values: readonly ArrayLike<number>[], kept: boolean): AutoCandidateResult {
  return {
    architecture: candidate.architecture,
    lookback: candidate.lookback,
    ...(candidate.architecture === 'mlp' ? { hidden: candidate.params.hidden, batchSize: candidate.batchSize } : { estimatedSeconds: candidate.estimatedSeconds }),
    minLength: candidate.minLength,
    series: values.filter((v) => v.length >= candidate.minLength).length,
    epochs: result.epochs,
    ...(result.bestValLoss !== undefined && { bestValLoss: result.bestValLoss }),
    ...(Number.isFinite(score) && { validationScore: score }),
    ...(result.stopReason !== undefined && { stopReason: result.stopReason }),
    kept,
  };
}

/**
 * The fit's result: epochs, time and throughput over every candidate; the losses, history and window counts of the
 * best candidate by validation score (the first one when none has one); every candidate's own figures are in `auto`.
 */
function autoFitResult(results: readonly FitResult[], choice: AutoChoice, series: number): FitResult {
  const bestIndex = choice.candidates.reduce(
    (best, candidate, i) => ((candidate.validationScore ?? Infinity) < (choice.candidates[best]?.validationScore ?? Infinity) ? i : best),
    0,
  );
  const best = results[bestIndex];
  const cancelled = results.some((r) => r.cancelled);
  const stopReason = cancelled ? 'cancelled' : best?.stopReason;
  return {
    epochs: results.reduce((sum, r) => sum + r.epochs, 0),
    loss: best?.loss ?? Number.NaN,
    ...(best?.valLoss !== undefined && { valLoss: best.valLoss }),
    ...(best?.bestValLoss !== undefined && { bestValLoss: best.bestValLoss }),
    bestEpoch: best?.bestEpoch ?? 0,
    stoppedEarly: results.some((r) => r.stoppedEarly),
    cancelled,
    ...(stopReason !== undefined && { stopReason }),
    restoredBestWeights: results.every((r) => r.restoredBestWeights),
    durationMs: results.reduce((sum, r) => sum + r.durationMs, 0),
    samplesPerSecond: results.length > 0 ? results.reduce((sum, r) => sum + r.samplesPerSecond, 0) / results.length : 0,
    backend: best?.backend ?? 'none',
    series,
    trainSamples: best?.trainSamples ?? 0,
    valSamples: best?.valSamples ?? 0,
    history: best?.history ?? { loss: [], valLoss: [], learningRate: [] },
    auto: choice,
  };
}
