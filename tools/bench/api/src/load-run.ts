import autocannon from 'autocannon';
import { percentile } from './percentile';

export interface LoadResult {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ok: number;
  failed: number;
}

/**
 * `connections` concurrent clients (autocannon) asking for forecasts of the series in turn for `seconds`. Latencies are
 * collected from every response at full precision (autocannon's own histogram rounds to whole ms).
 */
export async function runLoad(baseUrl: string, paths: string[], connections: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: baseUrl, connections, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path })) },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
      else failed++;
    });
  });
  const elapsed = result.duration;
  return {
    connections,
    seconds: elapsed,
    requestsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: percentile(latencies, 1),
    ok: latencies.length,
    failed: failed + result.errors + result.timeouts,
  };
}
