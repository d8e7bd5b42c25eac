import { Inject, Injectable } from '@nestjs/common';
import type { IngestionStatus, IngestorStatus } from '@tsf/contracts';
import { parsePrometheusText, type Sample } from './prometheus-text';

/** The ingestors' /metrics URLs (TSF_DASHBOARD_INGESTORS). */
export const DASHBOARD_INGESTORS = Symbol('DASHBOARD_INGESTORS');

const SCRAPE_TIMEOUT_MS = 2000;

/** Reads the ingestors' counters for the ingestion page (the page turns counter deltas into rates). */
@Injectable()
export class IngestionStatusReader {
  constructor(@Inject(DASHBOARD_INGESTORS) private readonly urls: string[]) {}

  async read(): Promise<IngestionStatus> {
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
