import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { parsePrometheusText, type Sample } from './prometheus-text';

/** The ingestors' /metrics URLs, comma-separated (`TSF_DASHBOARD_INGESTORS`); none: the page says so. */
const ingestorsSchema = z
  .string()
  .default('')
  .transform((text) => text.split(',').map((url) => url.trim()).filter((url) => url !== ''))
  .pipe(z.array(z.url()));

const SCRAPE_TIMEOUT_MS = 2000;

export interface IngestorStatus {
  url: string;
  up: boolean;
  error?: string;
  pointsTotal: number;
  messagesTotal: number;
  paused: boolean;
  lag: Array<{ topic: string; partition: string; lag: number }>;
  deadLetters: Record<string, number>;
}

/** Reads the ingestors' counters for the ingestion page (the page turns counter deltas into rates). */
@Injectable()
export class IngestionStatus {
  private readonly urls = ingestorsSchema.parse(process.env.TSF_DASHBOARD_INGESTORS);

  async read(): Promise<{ scrapedAt: string; ingestors: IngestorStatus[] }> {
    return { scrapedAt: new Date().toISOString(), ingestors: await Promise.all(this.urls.map((url) => this.scrape(url))) };
  }

  private async scrape(url: string): Promise<IngestorStatus> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      return { url, up: true, ...summarize(parsePrometheusText(await response.text())) };
    } catch (error) {
      return { url, up: false, error: error instanceof Error ? error.message : String(error), pointsTotal: 0, messagesTotal: 0, paused: false, lag: [], deadLetters: {} };
    }
  }
}

function summarize(samples: Sample[]): Omit<IngestorStatus, 'url' | 'up'> {
  const sum = (name: string) => samples.filter((s) => s.name === name).reduce((total, s) => total + s.value, 0);
  const deadLetters: Record<string, number> = {};
  for (const s of samples.filter((s) => s.name === 'tsf_ingest_dead_letters_total')) deadLetters[s.labels.reason] = (deadLetters[s.labels.reason] ?? 0) + s.value;
  return {
    pointsTotal: sum('tsf_ingest_points_total'),
    messagesTotal: sum('tsf_ingest_messages_total'),
    paused: sum('tsf_ingest_paused') > 0,
    lag: samples.filter((s) => s.name === 'tsf_ingest_consumer_lag').map((s) => ({ topic: s.labels.topic, partition: s.labels.partition, lag: s.value })),
    deadLetters,
  };
}
