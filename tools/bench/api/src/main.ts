/**
 * `npm run bench:api`: forecasts/s and latency of the API serving a cached LSTM, against the raw model-predict time
 * measured in the same run.
 *   1. a fresh database: N hourly series, one global LSTM model serving all of them, one trained version in production;
 *   2. the raw baseline: Forecaster.predict() on the same artifact in this process, warmed up and timed for as long as
 *      the API's single client (p50/p99 of single forecasts), and the cost of one batched forward pass;
 *   3. a real API process; first one client sending one request at a time (pure latency: nothing queues), each
 *      forecast split by the API's Server-Timing header into its stages and the rest (HTTP, Nest, JSON); then
 *      autocannon at each concurrency: GET /v1/series/:key/forecast over the series in turn;
 *   4. the issue's flood with the default cost limits: 20 clients × 5 batches of 25 forecasts × horizon 1000 × 3
 *      quantiles (about 4 MB each when admitted), while GET /health/live is probed (goal: every probe ≤ 100 ms);
 *   5. the table: requests/s, p50/p90/p99, p99 ÷ raw predict p50 and ÷ raw predict p99, against the goals (≥ 1000
 *      forecasts/s; p99 ≤ 2× raw predict, read both ways: against the model's median and against its own p99),
 *      next to the HTTP floor (the same clients on a route that does nothing) and the queueing (latency beyond the
 *      single client's); the API's own batch statistics from /metrics; the raw baseline again after the load, to
 *      show whether the machine changed meanwhile.
 * Options: --series N --points N --units N --lookback N --horizon N --connections 1,8,16,32 --duration S
 * The API reads its settings from the environment (e.g. TSF_TF_BACKEND, TSF_API_PREDICT_BATCH, TSF_API_HISTORY_TTL_MS).
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createTestDatabase, dropDatabase } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { AppProcess, freePort } from '@tsf/platform';
import { describeFlood, floodBatch, type FloodResult, runFlood } from './flood-run';
import { type LatencySplit, runSequential, type SequentialResult } from './latency-run';
import { percentile } from './percentile';
import { runLoad, type LoadResult } from './load-run';
import { timeRawPredict, type RawPredictTiming } from './raw-predict';
import { createWorkload } from './workload';

const GOAL_RPS = 1000;
const GOAL_P99_RATIO = 2;
const GOAL_LIVE_DURING_FLOOD_MS = 100;

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '100' },
    points: { type: 'string', default: '500' },
    units: { type: 'string', default: '32' },
    lookback: { type: 'string', default: '48' },
    horizon: { type: 'string', default: '24' },
    connections: { type: 'string', default: '1,8,16,24,32' },
    duration: { type: 'string', default: '10' },
  },
});

const log = (line: string) => console.log(line);
const progress = (line: string) => process.stderr.write(`bench:api: ${line}\n`);
const ms = (value: number) => `${value.toFixed(2)} ms`;
const load = () => loadavg()[0].toFixed(2);

async function main(): Promise<void> {
  const horizon = Number(args.horizon);
  const backend = await initBackend(process.env.TSF_TF_BACKEND);
  progress(`preparing a database with ${args.series} series of ${args.points} points and an LSTM(${args.units}) version in production`);
  const databaseUrl = await createTestDatabase({ migrated: true });
  let api: AppProcess | undefined;
  try {
    const workload = await createWorkload(databaseUrl, {
      series: Number(args.series),
      points: Number(args.points),
      units: Number(args.units),
      lookback: Number(args.lookback),
      horizon,
    });
    progress('timing the raw model predict in this process');
    const rawBefore = await timeRawPredict(databaseUrl, workload.version, workload.history, horizon, Number(args.duration));

    const port = await freePort();
    progress(`starting the API on port ${port}`);
    api = await AppProcess.start('api', {
      env: {
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        TSF_TF_BACKEND: backend.name,
        TSF_API_RATE_LIMIT: '1000000000',
        TSF_API_RATE_BURST: '1000000000',
      },
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const paths = workload.seriesKeys.map((key) => `/v1/series/${encodeURIComponent(key)}/forecast?horizon=${horizon}`);
    progress('warming up (model load, caches, JIT)');
    await runLoad(baseUrl, paths, 8, 3);
    progress(`1 client, one request at a time, for ${args.duration} s of forecasts, then of GET /health/live (load ${load()})`);
    const single = { forecast: await runSequential(baseUrl, paths, Number(args.duration)), floor: await runSequential(baseUrl, ['/health/live'], Math.ceil(Number(args.duration) / 2)) };

    const results: { forecast: LoadResult; floor: LoadResult }[] = [];
    for (const connections of args.connections.split(',').map(Number)) {
      progress(`${connections} connection(s) for ${args.duration} s of forecasts, then of GET /health/live (load ${load()})`);
      const forecast = await runLoad(baseUrl, paths, connections, Number(args.duration));
      results.push({ forecast, floor: await runLoad(baseUrl, ['/health/live'], connections, Math.ceil(Number(args.duration) / 2)) });
    }
    const batches = await batchStatistics(baseUrl);
    progress(`the flood: 20 clients × 5 batches of 25 forecasts × horizon 1000 × 3 quantiles, default cost limits (load ${load()})`);
    const flood = await runFlood(baseUrl, api.child.pid!, { body: JSON.stringify(floodBatch(workload.seriesKeys[0], 25)), clients: 20, requestsPerClient: 5 });
    await api.stop();
    api = undefined;
    const rawAfter = await timeRawPredict(databaseUrl, workload.version, workload.history, horizon, Number(args.duration));
    report(backend.name, workload.seriesKeys.length, rawBefore, rawAfter, results, batches);
    reportPureLatency(single, results);
    reportFlood(flood);
  } finally {
    await api?.stop();
    await dropDatabase(databaseUrl);
  }
}

function report(backend: string, series: number, before: RawPredictTiming, after: RawPredictTiming, results: { forecast: LoadResult; floor: LoadResult }[], batches: string): void {
  const raw = { p50: (before.single.p50 + after.single.p50) / 2, p99: (before.single.p99 + after.single.p99) / 2 };
  const yes = (met: boolean) => (met ? 'yes' : 'no');
  log(`bench:api: LSTM(${args.units}), lookback ${args.lookback}, horizon ${args.horizon}, tfjs ${backend}, ${series} series, one global model; 2 CPUs shared with other work (load ${load()})`);
  log(`raw predict, this process, ${before.single.forecasts} / ${after.single.forecasts} forecasts (before / after the load): p50 ${ms(before.single.p50)} / ${ms(after.single.p50)}, p99 ${ms(before.single.p99)} / ${ms(after.single.p99)}`);
  log(`raw predict, one batched forward pass: ${Object.entries(before.batch).map(([size, time]) => `${size} forecasts ${ms(time)}`).join(', ')}`);
  log(`baselines for the latency goal (means of before and after): raw predict p50 ${ms(raw.p50)}, p99 ${ms(raw.p99)}; the model alone has a p99 ${(raw.p99 / raw.p50).toFixed(1)}× its p50`);
  log('HTTP floor: the same clients on GET /health/live (a route that does nothing), to tell the cost of HTTP + Nest from that of forecasting\n');
  log('connections  forecasts/s       p50       p90       p99       max  failed  p99/raw p50  p99/raw p99  ≥ 1000/s  p99 ≤ 2× raw p50  p99 ≤ 2× raw p99 |  floor req/s  floor p50  floor p99');
  for (const { forecast: r, floor } of results) {
    const [byMedian, byTail] = [r.p99 / raw.p50, r.p99 / raw.p99];
    log(
      `${String(r.connections).padStart(11)}  ${r.requestsPerSecond.toFixed(0).padStart(11)}  ${ms(r.p50).padStart(8)}  ${ms(r.p90).padStart(8)}  ${ms(r.p99).padStart(8)}  ${ms(r.max).padStart(8)}  ${String(r.failed).padStart(6)}  ${byMedian.toFixed(2).padStart(11)}  ${byTail.toFixed(2).padStart(11)}  ${yes(r.requestsPerSecond >= GOAL_RPS).padStart(8)}  ${yes(byMedian <= GOAL_P99_RATIO).padStart(16)}  ${yes(byTail <= GOAL_P99_RATIO).padStart(16)} |  ${floor.requestsPerSecond.toFixed(0).padStart(11)}  ${ms(floor.p50).padStart(9)}  ${ms(floor.p99).padStart(9)}`,
    );
  }
  log(`\nAPI batching (from its /metrics): ${batches}`);
}

/** The single client's latency, stage by stage, and what queueing adds to it at each concurrency. */
function reportPureLatency(single: { forecast: SequentialResult; floor: SequentialResult }, results: { forecast: LoadResult }[]): void {
  const { forecast, floor } = single;
  const row = (label: string, split: LatencySplit) => log(`${label.padEnd(62)}  ${ms(split.p50).padStart(9)}  ${ms(split.p99).padStart(9)}`);
  log(`\nPure latency: 1 client, one request at a time on one keep-alive connection (nothing queues), ${forecast.requests} forecasts, ${forecast.failed} failed`);
  log(`${''.padEnd(62)}  ${'p50'.padStart(9)}  ${'p99'.padStart(9)}`);
  row('GET forecast, as the client saw it', forecast.client);
  row('  in the forecast service (Server-Timing, all stages)', forecast.server);
  for (const [stage, split] of Object.entries(forecast.stages)) row(`    ${stage}`, split);
  row('  outside it (HTTP, Nest routing, guards, pipes, JSON, loopback)', forecast.outside);
  row(`GET /health/live (does nothing), ${floor.requests} requests`, floor.client);
  log('Queueing: latency at N clients (autocannon, above) beyond the single client\'s, p50 and p99');
  const beyond = (value: number) => `${value < 0 ? '-' : '+'}${ms(Math.abs(value))}`;
  for (const { forecast: r } of results) {
    log(`${String(r.connections).padStart(11)} clients: p50 ${beyond(r.p50 - forecast.client.p50)}, p99 ${beyond(r.p99 - forecast.client.p99)}`);
  }
}

function reportFlood(flood: FloodResult): void {
  const worst = percentile(flood.liveMs, 1);
  log(`\nFlood (20 clients × 5 batches of 100,000 forecast values, default cost limits): ${describeFlood(flood)}`);
  log(`/health/live ≤ ${GOAL_LIVE_DURING_FLOOD_MS} ms during the flood: ${worst <= GOAL_LIVE_DURING_FLOOD_MS ? 'yes' : 'no'} (worst ${ms(worst)})`);
}

/** Mean forecasts per forward pass and mean model time per pass, from the API's Prometheus histograms. */
async function batchStatistics(baseUrl: string): Promise<string> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const passes = value('tsf_api_predict_batch_size_count');
  return `${passes} forward passes, ${(value('tsf_api_predict_batch_size_sum') / passes).toFixed(1)} forecasts each on average, ${ms((1000 * value('tsf_api_predict_duration_seconds_sum')) / passes)} model time each`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
