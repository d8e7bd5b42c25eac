import { z } from 'zod';
import { storableString } from './storable-text';

/** A series key: what producers use as the Kafka message key and the API as a path segment. */
export const seriesKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'letters, digits and . _ : / @ - only, starting with a letter or digit');

export const labelsSchema = z
  .record(storableString(z.string().min(1).max(100)), storableString(z.string().max(500)))
  .refine((labels) => Object.keys(labels).length <= 32, 'at most 32 labels');

export type Labels = z.infer<typeof labelsSchema>;
