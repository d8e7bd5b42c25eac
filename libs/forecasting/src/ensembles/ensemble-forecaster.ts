import { PointForecastModel } from './point-forecast-model';
import { z } from 'zod';
import { firstUnfittedPoint } from '../intervals/calibration-windows';
import { ForecastingError, InvalidArgumentError, ModelFormatError, SpecError } from '../errors';
import { Forecaster } from '../forecaster';
import { validateSpec, type ForecasterSpec } from '../forecaster-spec';
import type { PredictInputs } from '../inference';
import { formatIssues } from '../models';
import { packContainer, unpackContainer, type ScalingMode } from '../serialization';
import { sequentialProgress, type FitManyOptions, type FitOptions, type FitResult, type MemberFitResult } from '../training';
import { deriveSeed } from '../util/random';
import { LIBRARY_VERSION } from '../version';
import type { SeriesInput } from '../windowing';
import { savedMembers } from './member-bytes';
import { ENSEMBLE_ARCHITECTURE, memberSpecOf, type EnsembleCombine, type EnsembleParams } from './ensemble-spec';

const ensembleHeaderSchema = z.object({
  format: z.literal('tsf-ensemble'),
  formatVersion: z.literal(1),
  library: z.string(),
  savedAt: z.string(),
  spec: z.record(z.string(), z.unknown()),
  /** Byte length of each member's saved forecaster, in the order of the spec's members; their bytes follow each other. */
  members: z.array(z.object({ bytes: z.number().int().nonnegative() })),
});

/**
 * A model made of 2 to 10 forecasters (members differing in architecture, lookback, params, transforms or seed) whose
 * forecasts are combined step by step by their median or mean. It is trained, forecast with, saved and loaded like
 * one Forecaster (ForecastModel): fit() fits each member in turn, predict() combines the members' forecasts, save()
 * writes one container holding each member's saved bytes. It has no quantile head; its intervals are conformal,
 * calibrated on its combined forecasts like any point forecaster's.
 */
export class EnsembleForecaster extends PointForecastModel {
  private fitting = false;

  private constructor(
    normalizedSpec: ForecasterSpec,
    private readonly members: Forecaster[],
  ) {
    super(normalizedSpec, 'an ensemble');
  }

  /** Validates an ensemble spec (SpecError) and returns an unfitted ensemble of unfitted members. */
  static create(spec: ForecasterSpec): EnsembleForecaster {
    const normalized = validateSpec(spec);
    if (normalized.architecture !== ENSEMBLE_ARCHITECTURE) throw new SpecError(`not an ensemble spec (architecture "${normalized.architecture}")`);
    return new EnsembleForecaster(normalized, memberSpecsOf(normalized).map((memberSpec) => Forecaster.create(memberSpec)));
  }

  private get params(): EnsembleParams {
    return this.normalizedSpec.params as EnsembleParams;
  }

  get combine(): EnsembleCombine {
    return this.params.combine;
  }

  /** The members' count. */
  get size(): number {
    return this.members.length;
  }

  get fitted(): boolean {
    return this.members.every((member) => member.fitted);
  }

  get scalingMode(): ScalingMode {
    return this.members[0].scalingMode;
  }

  /** The longest of the members' lookbacks (at most the spec's lookback). */
  minHistory(): number {
    return Math.max(...this.members.map((member) => member.minHistory()));
  }

  maxHistory(): number {
    return Math.max(...this.members.map((member) => member.maxHistory()));
  }

  /** The latest of its members' (a point is unfitted only when no member had it as a training target). */
  firstUnfittedPoint(length: number, validationSplit: number): number {
    return firstUnfittedPoint(this.normalizedSpec, length, validationSplit);
  }

  weightBytes(): number {
    return this.members.reduce((sum, member) => sum + member.weightBytes(), 0);
  }

  /** Fits each member on `series` in turn (see Forecaster.fit), each with its own seed (see fitMembers). */
  fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    return this.fitMembers(options, (member, memberOptions) => member.fit(series, memberOptions));
  }

  /** Fits each member as a global model over `series` in turn (see Forecaster.fitMany). */
  fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult> {
    return this.fitMembers(options, (member, memberOptions) => member.fitMany(series, memberOptions));
  }

  /**
   * One member after another, each with the member's seed or, without one, a seed derived from the fit's seed and the
   * member's index (so members of one architecture still differ), and an equal share of the fit's time budget. Progress
   * counts the epochs of every member (member i's epoch e is epoch i·epochs + e of members × epochs). A cancelled member
   * ends the fit. The result is each member's (members), with the losses averaged over the members.
   */
  private async fitMembers(options: FitManyOptions, fitOne: (member: Forecaster, options: FitManyOptions) => Promise<FitResult>): Promise<FitResult> {
    this.assertUsable();
    if (this.fitting) throw new ForecastingError('BUSY', 'fit() is already running on this ensemble');
    this.fitting = true;
    try {
      const results: FitResult[] = [];
      const members: MemberFitResult[] = [];
      const progress = options?.onEpoch && sequentialProgress(options.onEpoch);
      for (const [i, member] of this.members.entries()) {
        const seed = this.params.members[i].seed ?? (options?.seed !== undefined ? deriveSeed(options.seed, 'ensemble-member', i) : undefined);
        const memberOptions: FitManyOptions = {
          ...options,
          seed,
          ...(options?.timeBudgetSeconds !== undefined && { timeBudgetSeconds: options.timeBudgetSeconds / this.members.length }),
          ...(progress && { onEpoch: progress(i * options.epochs, this.members.length * options.epochs) }),
        };
        const result = await fitOne(member, memberOptions);
        results.push(result);
        const { architecture, lookback } = member.spec;
        members.push({
          architecture,
          lookback,
          ...(seed !== undefined && { seed }),
          epochs: result.epochs,
          loss: result.loss,
          ...(result.valLoss !== undefined && { valLoss: result.valLoss }),
          bestEpoch: result.bestEpoch,
          ...(result.bestValLoss !== undefined && { bestValLoss: result.bestValLoss }),
          ...(result.stopReason !== undefined && { stopReason: result.stopReason }),
        });
        if (result.cancelled) break;
      }
      return combinedFitResult(results, members);
    } finally {
      this.fitting = false;
    }
  }

  /** Each member forecasts every history (from its own lookback); the forecasts are combined step by step. */
  async predictBatch(
    histories: ReadonlyArray<ArrayLike<number>>,
    horizon: number = this.normalizedSpec.horizon,
    inputs: ReadonlyArray<PredictInputs> = [],
  ): Promise<number[][]> {
    this.assertUsable();
    if (!Array.isArray(histories)) throw new InvalidArgumentError('histories must be an array of series');
    if (histories.length === 0) return [];
    const byMember: number[][][] = [];
    for (const member of this.members) byMember.push(await member.predictBatch(histories, horizon, inputs));
    return histories.map((_, h) => combineForecasts(byMember.map((forecasts) => forecasts[h]), this.combine));
  }

  checkHistory(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): void {
    this.assertUsable();
    for (const member of this.members) member.checkHistory(history, horizon, inputs);
  }

  /** One container: a header with the ensemble's spec and each member's byte length, then each member's saved bytes. */
  async save(): Promise<Uint8Array> {
    this.assertUsable();
    const { body, sizes } = await savedMembers(this.members);
    const header = {
      format: 'tsf-ensemble',
      formatVersion: 1,
      library: LIBRARY_VERSION,
      savedAt: new Date().toISOString(),
      spec: this.normalizedSpec,
      members: sizes.map((bytes) => ({ bytes })),
    };
    return packContainer(header, body);
  }

  /** True when `header` (an unpacked container's) is an ensemble's. */
  static isEnsembleHeader(header: unknown): boolean {
    return typeof header === 'object' && header !== null && (header as { format?: unknown }).format === 'tsf-ensemble';
  }

  /** Restores an ensemble saved with save(). Throws ModelFormatError on anything else. */
  static async load(bytes: Uint8Array): Promise<EnsembleForecaster> {
    const { header, weights } = unpackContainer(bytes);
    const parsed = ensembleHeaderSchema.safeParse(header);
    if (!parsed.success) throw new ModelFormatError(`bad ensemble header: ${formatIssues(parsed.error).join('; ')}`);
    let spec: ForecasterSpec;
    try {
      spec = validateSpec(parsed.data.spec);
    } catch (err) {
      throw new ModelFormatError(`saved ensemble spec is not valid here: ${(err as Error).message}`);
    }
    const expected = memberSpecsOf(spec);
    const sizes = parsed.data.members.map((member) => member.bytes);
    if (sizes.length !== expected.length) throw new ModelFormatError(`${sizes.length} saved members for a spec of ${expected.length}`);
    if (sizes.reduce((a, b) => a + b, 0) !== weights.byteLength) throw new ModelFormatError('the members\' byte lengths do not add up to the saved bytes');
    const members: Forecaster[] = [];
    try {
      let offset = 0;
      for (const [i, size] of sizes.entries()) {
        const member = await Forecaster.load(new Uint8Array(weights, offset, size));
        members.push(member);
        offset += size;
        const { architecture, lookback, horizon } = member.spec;
        const want = expected[i];
        if (architecture !== want.architecture || lookback !== want.lookback || horizon !== want.horizon) {
          throw new ModelFormatError(`member ${i} is a ${architecture} of lookback ${lookback}, horizon ${horizon}; the spec says ${want.architecture}, ${want.lookback}, ${want.horizon}`);
        }
      }
    } catch (err) {
      members.forEach((member) => member.dispose());
      throw err;
    }
    return new EnsembleForecaster(spec, members);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.members.forEach((member) => member.dispose());
  }
}

/** Each member's forecaster spec, from a validated ensemble spec. */
export function memberSpecsOf(spec: ForecasterSpec): ForecasterSpec[] {
  return (spec.params as EnsembleParams).members.map((member) => memberSpecOf(member, spec));
}

/** The members' forecasts of one history combined step by step: the median (the mean of the middle two for an even count) or the mean. */
export function combineForecasts(forecasts: readonly number[][], combine: EnsembleCombine): number[] {
  return forecasts[0].map((_, step) => {
    const values = forecasts.map((forecast) => forecast[step]);
    if (combine === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
    values.sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The ensemble's fit result: epochs, time and samples summed over the members, losses averaged, `members` each one's. */
function combinedFitResult(results: FitResult[], members: MemberFitResult[]): FitResult {
  const valLosses = results.map((r) => r.valLoss).filter((v): v is number => v !== undefined);
  const bestValLosses = results.map((r) => r.bestValLoss).filter((v): v is number => v !== undefined);
  const cancelled = results.some((r) => r.cancelled);
  const durationMs = results.reduce((sum, r) => sum + r.durationMs, 0);
  const last = results[results.length - 1];
  return {
    epochs: results.reduce((sum, r) => sum + r.epochs, 0),
    loss: mean(results.map((r) => r.loss)),
    ...(valLosses.length === results.length && { valLoss: mean(valLosses) }),
    bestEpoch: last.bestEpoch,
    ...(bestValLosses.length === results.length && { bestValLoss: mean(bestValLosses) }),
    stoppedEarly: results.some((r) => r.stoppedEarly),
    cancelled,
    stopReason: cancelled ? 'cancelled' : (results.find((r) => r.stopReason === 'time-budget') ?? results.find((r) => r.stopReason !== undefined))?.stopReason,
    restoredBestWeights: results.every((r) => r.restoredBestWeights),
    durationMs,
    samplesPerSecond: mean(results.map((r) => r.samplesPerSecond)),
    backend: last.backend,
    series: last.series,
    trainSamples: last.trainSamples,
    valSamples: last.valSamples,
    history: last.history,
    members,
  };
}
