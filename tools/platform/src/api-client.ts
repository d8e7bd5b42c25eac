import { waitFor } from './wait-for';

/** A training job as the API returns it (the fields the tools read). */
export interface JobView {
  id: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  progress: { epoch?: number; epochs?: number; loss?: number; etaMs?: number };
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** A minimal JSON client for the platform's HTTP API (demo, tests, benchmarks); with an API key, it sends it on every request. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** GET/POST that must succeed; anything but 2xx throws with the problem details. */
  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const result = await this.request<T>(method, path, body);
    if (result.status >= 300) throw new Error(`${method} ${path} → ${result.status}: ${JSON.stringify(result.body)}`);
    return result.body;
  }

  /** Polls a training job until it has finished, whichever way. */
  waitForJob(id: number, timeoutMs: number, intervalMs = 500): Promise<JobView> {
    return waitFor(
      `training job ${id} to finish`,
      async () => {
        const job = await this.ok<JobView>('GET', `/v1/training-jobs/${id}`);
        return FINISHED.has(job.status) ? job : undefined;
      },
      timeoutMs,
      intervalMs,
    );
  }
}
