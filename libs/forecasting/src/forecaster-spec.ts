/** A forecaster's spec: architecture, window sizes, output head, strategy and extra inputs. */
import { z } from 'zod';
import { AUTO_ARCHITECTURE, autoParamsSchema } from './auto/auto-spec';
import { embeddedFields, embeddingsSpecSchema, type EmbeddedField, type EmbeddingsSpec } from './embeddings';
import { ENSEMBLE_ARCHITECTURE, ensembleParamsSchema, memberSpecOf } from './ensembles/ensemble-spec';
import { SpecError, UnknownArchitectureError } from './errors';
import { formatIssues, getArchitecture, outputSize, type EmbeddingTable, type ModelDims, type OutputLayout } from './models';
import { ESN_ARCHITECTURE, validateEsnSpec } from './reservoir/esn-spec';
import { levelSpan, transformsSpecSchema, type TransformsSpec } from './transforms';
import { CALENDAR_FEATURES, CHANNELS_PER_CALENDAR_FEATURE, isLocalDate, MAX_HOLIDAYS, type CalendarFeature, type InputChannels } from './windowing';

export type ForecastStrategy = 'direct' | 'recursive';

export interface ForecasterSpec {
  /** Registered architecture name ('lstm', 'gru', 'rnn', 'seq2seq', 'transformer', ...). */
  architecture: string;
  /** Input steps the model sees (= minimum history for predict). */
  lookback: number;
  /** Steps predict() forecasts by default; with the direct strategy, the steps the model outputs at once. */
  horizon: number;
  /** Architecture hyperparameters, validated by the architecture's zod schema. */
  params: Record<string, unknown>;
  /** 'direct' (default): one pass emits all `horizon` steps. 'recursive': a one-step model fed its own forecasts. */
  strategy?: ForecastStrategy;
  /** Quantile levels to forecast (increasing, in (0, 1), including 0.5), trained with the pinball loss. */
  quantiles?: number[];
  /** Other series given as extra input channels alongside the target (default 0). */
  covariates?: number;
  /** Forecast the covariates as well as the target (multivariate target). Needs covariates >= 1. */
  multivariateTarget?: boolean;
  /** Calendar features computed from timestamps, each as a sin/cos pair of input channels. */
  calendar?: CalendarFeature[];
  /** Holidays as local dates (`YYYY-MM-DD`, in the series' time zone), each once; read by the `holiday` calendar feature, which needs them. */
  holidays?: string[];
  /**
   * What is done to each series before the model sees it, and undone on its forecasts (transforms/): `log` (or
   * Box-Cox) of the forecast channels, the per-series `scale` of every channel (default 'standard', the z-score), the
   * per-window `level` of the forecast channels. Absent: { scale: 'standard' }, what every model had before.
   */
  transforms?: TransformsSpec;
  /**
   * Learned vectors of categorical inputs for a global model (embeddings/): one per series key (`series`: its size)
   * and one per value of each named static label (`labels`: name → size), concatenated to every step's input. A
   * series unseen in training reads a learned 'unknown' vector.
   */
  embeddings?: EmbeddingsSpec;
}

/** Shape-level validation of a spec (params are checked against the architecture's own schema). */
export const forecasterSpecSchema = z
  .object({
    architecture: z.string().min(1),
    lookback: z.number().int().min(1).max(100_000),
    horizon: z.number().int().min(1).max(10_000),
    params: z.record(z.string(), z.unknown()).default({}),
    strategy: z.enum(['direct', 'recursive']).optional(),
    quantiles: z.array(z.number().gt(0).lt(1)).min(1).max(99).optional(),
    covariates: z.number().int().min(0).max(1000).optional(),
    multivariateTarget: z.boolean().optional(),
    calendar: z.array(z.enum(CALENDAR_FEATURES)).optional(),
    holidays: z.array(z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD')).max(MAX_HOLIDAYS).optional(),
    transforms: transformsSpecSchema.optional(),
    embeddings: embeddingsSpecSchema.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const q = spec.quantiles;
    if (q && q.some((level, i) => i > 0 && level <= q[i - 1])) issue('quantiles', 'must be strictly increasing');
    if (q && !q.includes(0.5)) issue('quantiles', 'must include 0.5 (the median is the point forecast)');
    if (spec.calendar && new Set(spec.calendar).size !== spec.calendar.length) issue('calendar', 'lists a feature twice');
    if (spec.holidays && new Set(spec.holidays).size !== spec.holidays.length) issue('holidays', 'lists a date twice');
    if (spec.calendar?.includes('holiday') && !spec.holidays) issue('calendar', "'holiday' needs holidays (local dates YYYY-MM-DD)");
    if (spec.holidays && !spec.calendar?.includes('holiday')) issue('holidays', "are read only by the 'holiday' calendar feature: add it to calendar");
    if (spec.multivariateTarget && !spec.covariates) issue('multivariateTarget', 'needs covariates >= 1');
    if (spec.embeddings && spec.architecture === ESN_ARCHITECTURE) issue('embeddings', "an ESN's readout learns no embeddings");
    if (spec.strategy === 'recursive' && spec.covariates && !spec.multivariateTarget) {
      issue('strategy', "recursive forecasting needs the covariates' future values: set multivariateTarget or use the direct strategy");
    }
    const level = spec.transforms?.level;
    if (level !== undefined && levelSpan(level) > spec.lookback) {
      ctx.addIssue({ code: 'custom', path: ['transforms', 'level', 'mean'], message: `the level's ${levelSpan(level)} steps must fit in the lookback (${spec.lookback})` });
    }
  });

/** Validates a spec and returns it with the architecture's defaults filled into `params`. Throws SpecError. */
export function validateSpec(spec: unknown): ForecasterSpec {
  const parsed = forecasterSpecSchema.safeParse(spec);
  if (!parsed.success) throw new SpecError('Invalid forecaster spec', formatIssues(parsed.error));
  if (parsed.data.architecture === ENSEMBLE_ARCHITECTURE) return validateEnsembleSpec(parsed.data);
  if (parsed.data.architecture === AUTO_ARCHITECTURE) return validateAutoSpec(parsed.data);
  if (parsed.data.architecture === ESN_ARCHITECTURE) return validateEsnSpec(parsed.data);
  const arch = getArchitecture(parsed.data.architecture);
  const params = arch.configSchema.safeParse(parsed.data.params);
  if (!params.success) {
    throw new SpecError(`Invalid params for architecture "${arch.name}"`, formatIssues(params.error, 'params'));
  }
  return { ...parsed.data, params: params.data as Record<string, unknown> };
}

/**
 * An ensemble's spec: no head or inputs of its own (no quantiles, strategy, covariates or calendar), its params
 * checked by ensembleParamsSchema and each member's spec (the member's params by its architecture's schema), with the
 * defaults filled in. A member's lookback is at most the ensemble's, which is the most history any of its forecasts
 * reads (what the API and the evaluations read before they forecast). Issues are named by their path, e.g.
 * `params.members.1.params.units`.
 */
function validateEnsembleSpec(spec: z.output<typeof forecasterSpecSchema>): ForecasterSpec {
  const own = (['strategy', 'quantiles', 'covariates', 'multivariateTarget', 'calendar', 'holidays', 'embeddings'] as const).filter((field) => spec[field] !== undefined);
  if (own.length > 0) {
    throw new SpecError('Invalid ensemble spec', own.map((field) => `${field}: an ensemble has none of its own (its intervals are conformal, from its combined forecasts)`));
  }
  const params = ensembleParamsSchema.safeParse(spec.params);
  if (!params.success) throw new SpecError('Invalid params for an ensemble', formatIssues(params.error, 'params'));
  const issues: string[] = params.data.members.flatMap((member, i) =>
    member.lookback !== undefined && member.lookback > spec.lookback
      ? [`params.members.${i}.lookback: must not exceed the ensemble's lookback (${spec.lookback}), the most history its forecasts read`]
      : [],
  );
  const members = params.data.members.map((member, i) => {
    try {
      return { ...member, params: validateSpec(memberSpecOf(member, spec)).params };
    } catch (error) {
      const prefix = `params.members.${i}`;
      if (error instanceof UnknownArchitectureError) issues.push(`${prefix}.architecture: ${error.message}`);
      else if (error instanceof SpecError && error.issues.length > 0) issues.push(...error.issues.map((issue) => `${prefix}.${issue}`));
      else issues.push(`${prefix}: ${(error as Error).message}`);
      return member;
    }
  });
  if (issues.length > 0) throw new SpecError('Invalid ensemble member', issues);
  return { ...spec, params: { combine: params.data.combine, members } };
}

/**
 * An auto model's spec: like an ensemble, no head or inputs of its own (auto chooses its transforms too); its params
 * checked by autoParamsSchema with the defaults filled in. Its lookback caps the lookbacks auto chooses.
 */
function validateAutoSpec(spec: z.output<typeof forecasterSpecSchema>): ForecasterSpec {
  const own = (['strategy', 'quantiles', 'covariates', 'multivariateTarget', 'calendar', 'holidays', 'transforms', 'embeddings'] as const).filter((field) => spec[field] !== undefined);
  if (own.length > 0) {
    throw new SpecError('Invalid auto spec', own.map((field) => `${field}: auto chooses its own (its intervals are conformal, its transforms follow the data)`));
  }
  const params = autoParamsSchema.safeParse(spec.params);
  if (!params.success) throw new SpecError('Invalid params for an auto model', formatIssues(params.error, 'params'));
  return { ...spec, params: params.data };
}

/** Everything the spec implies about the model's inputs and outputs. */
export interface ForecastLayout extends OutputLayout, InputChannels {
  lookback: number;
  /** Default forecast steps of predict(). */
  horizon: number;
  recursive: boolean;
  /** The categorical inputs the model embeds (none: []), each one input channel holding its row. */
  embedded: EmbeddedField[];
  /** Input channels per step: target, covariates, two per calendar feature, one per embedded field. */
  features: number;
  /** The model's output width: steps × targets × quantiles. */
  outputs: number;
}

export function forecastLayout(spec: ForecasterSpec): ForecastLayout {
  const covariates = spec.covariates ?? 0;
  const calendar = spec.calendar ?? [];
  const recursive = spec.strategy === 'recursive';
  const embedded = embeddedFields(spec.embeddings);
  const output: OutputLayout = {
    steps: recursive ? 1 : spec.horizon,
    targets: spec.multivariateTarget ? 1 + covariates : 1,
    quantiles: spec.quantiles ?? null,
  };
  return {
    ...output,
    covariates,
    calendar,
    ...(spec.holidays ? { holidays: spec.holidays } : {}),
    lookback: spec.lookback,
    horizon: spec.horizon,
    recursive,
    embedded,
    features: 1 + covariates + CHANNELS_PER_CALENDAR_FEATURE * calendar.length + embedded.length,
    outputs: outputSize(output),
  };
}

/**
 * The dims an architecture is built with for this layout; with embeddings, their `tables` (a fitted vocabulary's, or
 * before one is fitted a single unknown row per field).
 */
export function modelDims(layout: ForecastLayout, tables: EmbeddingTable[] = layout.embedded.map(({ dim }) => ({ rows: 1, dim }))): ModelDims {
  const { embedded, features } = layout;
  return {
    lookback: layout.lookback,
    horizon: layout.outputs,
    features,
    output: { steps: layout.steps, targets: layout.targets, quantiles: layout.quantiles },
    ...(embedded.length > 0 ? { embeddings: { channels: features - embedded.length, tables } } : {}),
  };
}
