/**
 * A global model's vocabulary: for each embedded field (embeddings-spec.ts), the values seen in training, each with a
 * row of the field's embedding table. Row 0 of every table is the 'unknown' vector, read for a value the model never
 * saw (a new series, a new site) or a series without the label; value i of the vocabulary has row i + 1. Fitted once,
 * on the first fit of a forecaster, and saved in its file.
 */
import { z } from 'zod';
import { InvalidArgumentError, ModelFormatError } from '../errors';
import type { EmbeddingTable } from '../models';
import type { SeriesInput } from '../windowing';
import type { EmbeddedField } from './embeddings-spec';

/** The most values one field may hold: rows travel as float32 input channels, exact far beyond this. */
export const MAX_VOCABULARY = 1_000_000;

export const seriesVocabularySchema = z.array(z.object({ field: z.string(), values: z.array(z.string()).max(MAX_VOCABULARY) }));
export type SeriesVocabularyState = z.output<typeof seriesVocabularySchema>;

/** The categorical inputs of a series the vocabulary reads. */
export type CategoricalInputs = Pick<SeriesInput, 'key' | 'labels'>;

export class SeriesVocabulary {
  private readonly rowOf: ReadonlyArray<ReadonlyMap<string, number>>;

  private constructor(
    readonly fields: readonly EmbeddedField[],
    private readonly values: ReadonlyArray<readonly string[]>,
  ) {
    this.rowOf = values.map((list) => new Map(list.map((value, i) => [value, i + 1])));
  }

  /** The values of `inputs` for each field, in order of first appearance. Throws when a series has no key and the key is embedded. */
  static fit(fields: readonly EmbeddedField[], inputs: readonly CategoricalInputs[]): SeriesVocabulary {
    inputs.forEach((input, i) => {
      if (fields.some((field) => field.label === null) && typeof input.key !== 'string') {
        throw new InvalidArgumentError(`series[${i}] has no key: the spec embeds the series key (give each series its key)`);
      }
    });
    const values = fields.map((field) => [...new Set(inputs.map((input) => valueOf(field, input)).filter((value): value is string => value !== undefined))]);
    values.forEach((list, k) => {
      if (list.length > MAX_VOCABULARY) throw new InvalidArgumentError(`${fields[k].name} has ${list.length} values; at most ${MAX_VOCABULARY} can be embedded`);
    });
    return new SeriesVocabulary(fields, values);
  }

  /** The vocabulary saved by toJSON(), for these fields. Throws ModelFormatError when it names other fields. */
  static restore(fields: readonly EmbeddedField[], state: SeriesVocabularyState): SeriesVocabulary {
    if (state.length !== fields.length || state.some((entry, k) => entry.field !== fields[k].name)) {
      throw new ModelFormatError(`the saved vocabulary (${state.map((entry) => entry.field).join(', ')}) does not match the spec's embeddings (${fields.map((field) => field.name).join(', ')})`);
    }
    return new SeriesVocabulary(fields, state.map((entry) => entry.values));
  }

  /** Each field's table: a row per value and the unknown row. */
  tables(): EmbeddingTable[] {
    return this.fields.map((field, k) => ({ rows: this.values[k].length + 1, dim: field.dim }));
  }

  /** The row of each field for `input`: its value's, or 0 (the unknown vector). */
  rowsOf(input: CategoricalInputs): number[] {
    return this.fields.map((field, k) => this.rowOf[k].get(valueOf(field, input) as string) ?? 0);
  }

  /** The fields (by name: 'key', 'labels.site') for which `input` gets the unknown vector. */
  unknownFields(input: CategoricalInputs): string[] {
    const rows = this.rowsOf(input);
    return this.fields.filter((_, k) => rows[k] === 0).map((field) => field.name);
  }

  /** `input` with its rows, as the windows and forecasts read them. */
  withRows<T extends CategoricalInputs>(input: T): T & { embeddingRows: number[] } {
    return { ...input, embeddingRows: this.rowsOf(input) };
  }

  toJSON(): SeriesVocabularyState {
    return this.fields.map((field, k) => ({ field: field.name, values: [...this.values[k]] }));
  }
}

function valueOf(field: EmbeddedField, input: CategoricalInputs): string | undefined {
  const value = field.label === null ? input.key : input.labels?.[field.label];
  return typeof value === 'string' ? value : undefined;
}
