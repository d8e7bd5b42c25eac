/**
 * The saved forecaster: a container (container.ts) whose JSON header carries the spec (with its transforms), the
 * fitted scales and the tfjs topology and whose data is the tfjs weights. Reading checks everything that would
 * otherwise fail later, at predict time, with a less useful message: header shape, spec, weight byte count, scales,
 * model shapes.
 *
 * Versions: 1 had the target's scaler only; 2 added the covariates' scalers and the scaling mode; 3 is written for a
 * spec with `transforms` (whose scales may be 'mean' or 'none'), so that a reader that cannot undo them refuses the
 * file by its version; 4 is written for a spec with `embeddings`, and carries the vocabulary (each embedded field's
 * values in row order). A spec with neither is still written as version 2, and every version is read.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ensureBackend } from '../backend';
import { SeriesVocabulary, seriesVocabularySchema } from '../embeddings';
import { ModelFormatError } from '../errors';
import { forecastLayout, forecasterSpecSchema, validateSpec, type ForecasterSpec } from '../forecaster-spec';
import { formatIssues } from '../models';
import { seriesScaleStateSchema, TransformPipeline, type SeriesTransforms } from '../transforms';
import { LIBRARY_VERSION } from '../version';
import { packContainer, unpackContainer } from './container';

/**
 * Where a forecaster's scale comes from: 'stored', fitted on the training series (fit()); 'per-window', a global
 * model's (fitMany()): each window's own lookback, in training and in predict(); 'per-series', a global model saved
 * before 'per-window' existed: each history's own statistics, over all of it.
 */
export type ScalingMode = 'stored' | 'per-window' | 'per-series';

/** Everything a forecaster is made of, as save() writes it and load() restores it. */
export interface ForecasterState {
  spec: ForecasterSpec;
  model: tf.LayersModel;
  /** The stored transforms' fitted statistics; null for a global model or before a fit. */
  transforms: SeriesTransforms | null;
  scaling: ScalingMode;
  fitted: boolean;
  /** The embedded key and label values and their rows; null without embeddings or before a fit. */
  vocabulary: SeriesVocabulary | null;
}

const headerSchema = z.object({
  format: z.literal('tsf-forecaster'),
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  library: z.string(),
  tfjsVersion: z.string(),
  savedAt: z.string(),
  spec: forecasterSpecSchema,
  /** The target's stored scale (versions 1 and 2: always a 'standard' one). */
  scaler: seriesScaleStateSchema.nullable(),
  /** Version 2: the covariates' stored scales. */
  covariateScalers: z.array(seriesScaleStateSchema).default([]),
  /** Version 2: absent in version 1, where it is always 'stored'. */
  scaling: z.enum(['stored', 'per-window', 'per-series']).default('stored'),
  fitted: z.boolean(),
  /** Version 4: the vocabulary of a fitted model with embeddings. */
  vocabulary: seriesVocabularySchema.nullable().default(null),
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(
    z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), dtype: z.enum(['float32', 'int32', 'bool']) }).passthrough(),
  ),
});

type Header = z.output<typeof headerSchema>;

const BYTES_PER_DTYPE = { float32: 4, int32: 4, bool: 1 } as const;

/** Serializes a forecaster's state into one byte buffer. */
export async function writeForecasterFile(state: ForecasterState): Promise<Uint8Array> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await state.model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) throw new Error('tfjs did not produce model artifacts');
  const weightData = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
  const header = {
    format: 'tsf-forecaster',
    formatVersion: state.spec.embeddings ? 4 : state.spec.transforms ? 3 : 2,
    library: LIBRARY_VERSION,
    tfjsVersion: tf.version.tfjs,
    savedAt: new Date().toISOString(),
    spec: state.spec,
    scaler: state.transforms?.channel(0).scale.toJSON() ?? null,
    covariateScalers: state.transforms?.scaleStates().slice(1) ?? [],
    scaling: state.scaling,
    fitted: state.fitted,
    ...(state.vocabulary && { vocabulary: state.vocabulary.toJSON() }),
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
  };
  return packContainer(header, new Uint8Array(weightData));
}

/** Restores what writeForecasterFile() wrote. Throws ModelFormatError on anything that is not such a buffer. */
export async function readForecasterFile(bytes: Uint8Array): Promise<ForecasterState> {
  const { header, weights } = unpackContainer(bytes);
  const parsed = headerSchema.safeParse(header);
  if (!parsed.success) throw new ModelFormatError(`bad header: ${formatIssues(parsed.error).join('; ')}`);
  const h = parsed.data;
  const spec = savedSpec(h);
  assertWeightBytes(h, weights);
  const transforms = savedTransforms(h, spec);
  const vocabulary = savedVocabulary(h, spec);
  await ensureBackend();
  const model = await rebuildModel(h, weights);
  assertModelMatchesSpec(model, spec);
  return { spec, model, transforms, scaling: h.scaling, fitted: h.fitted, vocabulary };
}

function savedVocabulary(h: Header, spec: ForecasterSpec): SeriesVocabulary | null {
  const { embedded } = forecastLayout(spec);
  if (!h.vocabulary) {
    if (h.fitted && embedded.length > 0) throw new ModelFormatError('a fitted model with embeddings must carry its vocabulary');
    return null;
  }
  return SeriesVocabulary.restore(embedded, h.vocabulary);
}

function savedSpec(h: Header): ForecasterSpec {
  try {
    return validateSpec(h.spec);
  } catch (err) {
    throw new ModelFormatError(`saved spec is not valid here: ${(err as Error).message}`);
  }
}

function assertWeightBytes(h: Header, weights: ArrayBuffer): void {
  const expectedBytes = h.weightSpecs.reduce((acc, w) => acc + w.shape.reduce((a, b) => a * b, 1) * BYTES_PER_DTYPE[w.dtype], 0);
  if (expectedBytes !== weights.byteLength) {
    throw new ModelFormatError(`weightSpecs describe ${expectedBytes} bytes of weights but ${weights.byteLength} are present`);
  }
}

function savedTransforms(h: Header, spec: ForecasterSpec): SeriesTransforms | null {
  if (h.fitted && h.scaling === 'stored' && !h.scaler) throw new ModelFormatError('a fitted model must carry its scaler');
  const layout = forecastLayout(spec);
  if (h.scaler && h.covariateScalers.length !== layout.covariates) {
    throw new ModelFormatError(`${h.covariateScalers.length} covariate scalers for a spec with ${layout.covariates} covariates`);
  }
  if (!h.scaler) return null;
  try {
    return new TransformPipeline(spec.transforms, layout.targets, layout.lookback).restore([h.scaler, ...h.covariateScalers]);
  } catch (err) {
    throw new ModelFormatError(`saved scales do not fit the spec: ${(err as Error).message}`);
  }
}

async function rebuildModel(h: Header, weights: ArrayBuffer): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: h.modelTopology, weightSpecs: h.weightSpecs as tf.io.WeightsManifestEntry[], weightData: weights }),
    );
  } catch (err) {
    throw new ModelFormatError(`could not rebuild the tfjs model: ${(err as Error).message}`);
  }
}

function assertModelMatchesSpec(model: tf.LayersModel, spec: ForecasterSpec): void {
  const layout = forecastLayout(spec);
  const inShape = model.inputs[0]?.shape;
  const outShape = model.outputs[0]?.shape;
  if (
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    inShape?.[1] === spec.lookback &&
    inShape?.[2] === layout.features &&
    outShape?.[outShape.length - 1] === layout.outputs
  ) {
    return;
  }
  model.dispose();
  throw new ModelFormatError(
    `model shapes ${JSON.stringify(inShape)} -> ${JSON.stringify(outShape)} do not match spec lookback=${spec.lookback}, ` +
      `features=${layout.features}, outputs=${layout.outputs} (horizon=${spec.horizon})`,
  );
}
