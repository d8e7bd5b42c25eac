// Types only: erased from the bundle, which stays free of zod.
import type { SeriesFrequency, SeriesQuality } from '@tsf/contracts';

export type { IngestionStatus, IngestorStatus } from '@tsf/contracts';

const KEY_STORAGE = 'tsf.apiKey';

export const apiKey = {
  get: (): string | null => localStorage.getItem(KEY_STORAGE),
  set: (key: string): void => (key ? localStorage.setItem(KEY_STORAGE, key) : localStorage.removeItem(KEY_STORAGE)),
};

/** An API error, with the problem details' detail when the API sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON request to the API with the stored key (if any) as a bearer token. */
export async function api<T>(path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const key = apiKey.get();
  const response = await fetch(path, { method, headers: { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) } });
  const body = (await response.json().catch(() => null)) as ({ detail?: string; title?: string } & T) | null;
  if (!response.ok) throw new ApiError(response.status, body?.detail ?? body?.title ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export const enc = encodeURIComponent;

export interface SeriesSummary {
  key: string;
  labels: Record<string, string>;
  createdAt: string;
  /** The last point is more than TSF_STALE_AFTER_STEPS steps of the frequency old. */
  stale: boolean;
}
export interface SeriesDetail extends SeriesSummary {
  points: number;
  firstTs: string | null;
  lastTs: string | null;
  frequency: SeriesFrequency;
  quality: SeriesQuality;
}
export interface PointsResponse {
  points: Array<{ ts: string; value: number }>;
}
export interface ForecastResponse {
  model: string;
  version: number;
  points: Array<{ ts: string; value: number; quantiles?: Record<string, number> }>;
}
export interface PastForecast {
  model: string;
  version: number;
  originTs: string;
  stepMs: number;
  predicted: number[];
  mae: number | null;
}
export interface Version {
  id: number;
  version: number;
  stage: 'candidate' | 'staging' | 'production' | 'archived';
  metrics: Record<string, unknown>;
  lineage: Record<string, unknown>;
  createdAt: string;
}
export interface ModelDetail {
  name: string;
  seriesKey: string | null;
  selector: Record<string, string> | null;
  architecture: string;
  lookback: number;
  horizon: number;
  production: Version | null;
}
export interface TrainingJob {
  id: number;
  modelId: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  kind: 'train' | 'update-readout';
  reason: string;
  attempts: number;
  progress: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  versionId: number | null;
}
export interface Page<T> {
  items: T[];
}
