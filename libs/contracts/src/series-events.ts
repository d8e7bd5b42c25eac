import { z } from 'zod';
import { seriesKeySchema } from './series-key';

/** Published on the series-events topic after each committed batch: what changed in one series. */
export const seriesUpdatedEventSchema = z
  .object({
    type: z.literal('series.updated'),
    series: seriesKeySchema,
    points: z.number().int().positive(),
    firstTs: z.iso.datetime(),
    lastTs: z.iso.datetime(),
    at: z.iso.datetime(),
  })
  .strict();

export type SeriesUpdatedEvent = z.infer<typeof seriesUpdatedEventSchema>;
