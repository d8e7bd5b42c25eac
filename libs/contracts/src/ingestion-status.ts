import { z } from 'zod';

/** One ingestor's counters, as the API's dashboard reads them from its /metrics (`up: false` with `error` when that failed). */
export const ingestorStatusSchema = z.object({
  url: z.url(),
  up: z.boolean(),
  error: z.string().optional(),
  pointsTotal: z.number(),
  messagesTotal: z.number(),
  paused: z.boolean(),
  lag: z.array(z.object({ topic: z.string(), partition: z.string(), lag: z.number() })),
  deadLetters: z.record(z.string(), z.number()).describe('dead letters by reject reason'),
});

export type IngestorStatus = z.infer<typeof ingestorStatusSchema>;

/** `GET /dashboard/data/ingestion`: every configured ingestor's counters at one time (the page turns counter deltas into rates). */
export const ingestionStatusSchema = z.object({
  scrapedAt: z.iso.datetime(),
  ingestors: z.array(ingestorStatusSchema),
});

export type IngestionStatus = z.infer<typeof ingestionStatusSchema>;
