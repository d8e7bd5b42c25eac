import 'reflect-metadata';
import { loadConfig } from '@tsf/config';
import { dropDatabase } from '@tsf/db';
import { producerCompression } from '@tsf/kafka';
import { ApiClient, type JobView, LocalPlatform, producePoints, waitFor } from '@tsf/platform';
import { sparkline } from './ascii-chart';
import { loadDemoSeries } from './demo-series';

/** Nest's start-up chatter (module and route listings); everything else the apps print is shown. */
const NEST_BOOT_NOISE = /\[(InstanceLoader|RoutesResolver|RouterExplorer|NestFactory)\]/;
const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tsf_demo';
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (text: string) => console.log(bold(`▶ ${text}`));

async function main(): Promise<void> {
  const started = Date.now();
  const exitWhenDone = process.argv.includes('--exit');
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (!process.env.DATABASE_URL) await dropDatabase(databaseUrl);

  const platform = await LocalPlatform.start({
    databaseUrl,
    kafkaBrokers: process.env.KAFKA_BROKERS?.split(','),
    env: process.env.TSF_TF_BACKEND ? { TSF_TF_BACKEND: process.env.TSF_TF_BACKEND } : {},
    onStep: step,
    onLine: (app, line) => {
      if (!NEST_BOOT_NOISE.test(line)) console.log(`  ${app.padEnd(9)} │ ${line.replace(/^\[Nest\] \d+\s+- /, '')}`);
    },
  });
  const stop = async () => {
    step('stopping everything the demo started');
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  const series = loadDemoSeries();
  step(`streaming ${series.values.length} points of ${series.key} (${series.source}) into Kafka at ${platform.brokers.join(',')}`);
  // The demo produces like the platform does (KAFKA_COMPRESSION, validated as every app validates it).
  const compression = producerCompression(loadConfig(['kafka'], { ...process.env, KAFKA_BROKERS: platform.brokers.join(',') }));
  await producePoints(platform.brokers, series.key, series.timestamps, series.values, { labels: { source: 'demo' }, compression });

  const api = new ApiClient(platform.apiUrl, platform.apiKey);
  const path = `/v1/series/${encodeURIComponent(series.key)}`;
  await waitFor('the ingestor to store every point', async () => {
    const { status, body } = await api.request<{ points: number }>('GET', path);
    return status === 200 && body.points === series.values.length ? true : undefined;
  });
  step(`all ${series.values.length} points stored in Postgres`);

  const job = await api.ok<JobView>('POST', '/v1/training-jobs', {
    model: 'demo-lstm',
    definition: {
      seriesKey: series.key,
      architecture: 'lstm',
      lookback: 48,
      horizon: 24,
      params: { layers: [32] },
      training: { epochs: 6, batchSize: 64, learningRate: 0.005, validationSplit: 0.1, patience: 3, seed: 7, maxPoints: 2400 },
    },
  });
  step(`training job ${job.id} queued: LSTM(32), lookback 48, horizon 24, on the last 2400 points`);
  const done = await api.waitForJob(job.id, 600_000, 1000);
  if (done.status !== 'succeeded') throw new Error(`training job ${job.id} ended ${done.status}: ${done.error}`);

  const forecast = await api.ok<{ model: string; version: number; backend: string; points: { ts: string; value: number }[] }>(
    'GET',
    `${path}/forecast?horizon=24`,
  );
  const history = Array.from(series.values.slice(-72));
  step(`forecast from ${forecast.model} v${forecast.version} (tfjs backend: ${forecast.backend})`);
  console.log(`\n  last 72 h │ next 24 h\n  ${sparkline(history, forecast.points.map((p) => p.value))}\n`);
  for (const point of forecast.points) console.log(`  ${point.ts}  ${point.value.toFixed(3)}`);
  console.log(`\n  ready in ${((Date.now() - started) / 1000).toFixed(0)} s. Open:`);
  console.log(`    ${platform.apiUrl}/dashboard                     (built-in dashboard)`);
  console.log(`    ${platform.apiUrl}/docs                          (OpenAPI)`);
  console.log(`    ${platform.apiUrl}${path}/forecast?horizon=48`);
  console.log(`    ${platform.apiUrl}/v1/series`);
  console.log(`    ${platform.apiUrl}/v1/models/demo-lstm/versions`);
  console.log(`    ${platform.apiUrl}/health/ready\n`);
  console.log(`  API key with all scopes (paste it into the dashboard for promote/rollback): ${platform.apiKey}\n`);
  if (exitWhenDone) return stop();
  step('running; Ctrl-C stops everything the demo started');
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
