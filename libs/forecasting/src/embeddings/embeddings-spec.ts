/**
 * The spec's `embeddings`: which categorical inputs a global model learns a vector for, and how long each vector is.
 *   { series: 8 }                          a vector of 8 per series key
 *   { series: 8, labels: { site: 4 } }     and one of 4 per value of the series' `site` label
 * Each embedded field becomes one input channel (its row in the vocabulary, series-vocabulary.ts) that the model's
 * SeriesEmbedding layer swaps for the row's vector.
 */
import { z } from 'zod';

/** The longest vector a field may learn. */
export const MAX_EMBEDDING_DIM = 256;
/** The most labels a model may embed. */
export const MAX_EMBEDDED_LABELS = 16;

const dim = z.number().int().min(1).max(MAX_EMBEDDING_DIM);

export const embeddingsSpecSchema = z
  .object({
    /** The vector size learned per series key. */
    series: dim.optional(),
    /** The vector size learned per value of each named static label. */
    labels: z
      .record(z.string().min(1).max(128), dim)
      .refine((labels) => Object.keys(labels).length <= MAX_EMBEDDED_LABELS, `embeds at most ${MAX_EMBEDDED_LABELS} labels`)
      .optional(),
  })
  .strict()
  .refine((spec) => spec.series !== undefined || Object.keys(spec.labels ?? {}).length > 0, 'embeds nothing: give series and/or labels');

export type EmbeddingsSpec = z.output<typeof embeddingsSpecSchema>;

/** One embedded input: the series key ('key') or a label ('labels.<name>'), and its vector size. */
export interface EmbeddedField {
  /** How results name it: 'key', or 'labels.' followed by the label's name. */
  name: string;
  /** The label read, or null for the series key. */
  label: string | null;
  dim: number;
}

/** The fields `spec` embeds, the key first, then the labels in the spec's order. */
export function embeddedFields(spec: EmbeddingsSpec | undefined): EmbeddedField[] {
  if (!spec) return [];
  const key: EmbeddedField[] = spec.series === undefined ? [] : [{ name: 'key', label: null, dim: spec.series }];
  return [...key, ...Object.entries(spec.labels ?? {}).map(([label, dim]) => ({ name: `labels.${label}`, label, dim }))];
}
