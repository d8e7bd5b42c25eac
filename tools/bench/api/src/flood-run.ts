import { readFileSync } from 'node:fs';
import { percentile } from './percentile';

/** The expensive batch: `forecasts` forecasts of `series`, horizon 1000, 3 quantile levels each (4,000 values apiece). */
export function floodBatch(series: string, forecasts: number): { requests: { series: string; horizon: number; quantiles: number[] }[] } {
  return { requests: Array.from({ length: forecasts }, () => ({ series, horizon: 1000, quantiles: [0.1, 0.5, 0.9] })) };
}

export interface FloodOptions {
  /** The JSON body every request sends to POST /v1/forecasts. */
  body: string;
  clients: number;
  requestsPerClient: number;
}

export interface FloodResult {
  statuses: number[];
  /** Retry-After of each 429, in seconds. */
  retryAfters: number[];
  /** The first 429's problem body. */
  firstRefusal: unknown;
  /** Duration of each GET /health/live sent while the flood ran (one every 20 ms after the previous answer). */
  liveMs: number[];
  rssBeforeMb: number;
  rssPeakMb: number;
}

/** Resident memory of a process on this machine, as the kernel counts it. */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
  return Number(kb) / 1024;
}

/**
 * `clients` concurrent clients each sending `requestsPerClient` batch forecasts, one after another, while a probe
 * times GET /health/live and samples the API process's memory. Answers are read as bytes, not parsed: parsing
 * megabytes here would delay this process's own probes.
 */
export async function runFlood(baseUrl: string, apiPid: number, { body, clients, requestsPerClient }: FloodOptions): Promise<FloodResult> {
  const result: FloodResult = { statuses: [], retryAfters: [], firstRefusal: undefined, liveMs: [], rssBeforeMb: rssMb(apiPid), rssPeakMb: 0 };
  result.rssPeakMb = result.rssBeforeMb;
  let flooding = true;
  const probe = (async () => {
    while (flooding) {
      const started = performance.now();
      const reply = await fetch(`${baseUrl}/health/live`);
      await reply.arrayBuffer();
      if (reply.status !== 200) throw new Error(`/health/live answered ${reply.status} during the flood`);
      result.liveMs.push(performance.now() - started);
      result.rssPeakMb = Math.max(result.rssPeakMb, rssMb(apiPid));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < requestsPerClient; i++) {
          const reply = await fetch(`${baseUrl}/v1/forecasts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const bytes = Buffer.from(await reply.arrayBuffer());
          result.statuses.push(reply.status);
          if (reply.status === 429) {
            result.firstRefusal ??= JSON.parse(bytes.toString());
            result.retryAfters.push(Number(reply.headers.get('retry-after')));
          }
        }
      }),
    );
  } finally {
    flooding = false;
    await probe;
  }
  return result;
}

/** One line: what was admitted, the API's memory, and /health/live's median and worst answer during the flood. */
export function describeFlood({ statuses, liveMs, rssBeforeMb, rssPeakMb }: FloodResult): string {
  const admitted = statuses.filter((status) => status === 200).length;
  return (
    `${admitted} of ${statuses.length} admitted (${statuses.filter((status) => status === 429).length} × 429), API RSS ${rssBeforeMb.toFixed(0)} → peak ${rssPeakMb.toFixed(0)} MB, ` +
    `/health/live ${liveMs.length} probes: median ${percentile(liveMs, 0.5).toFixed(1)} ms, max ${percentile(liveMs, 1).toFixed(1)} ms`
  );
}
