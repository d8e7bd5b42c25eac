/**
 * `npm run bench:scale`: the cost curves of issue 21, each size side by side with the smallest one of the same run.
 *   1. forecasts: p50/p99 of one client's forecasts with 10, 100, 1,000 and 10,000 per-series models in rotation, and
 *      through one global model over the same series (forecast-scale.ts);
 *   2. the trainer: peak memory (trainer + training process) and windows/s of one job of a global model over 1,000,
 *      10,000 and 100,000 generated series, with TSF_MAX_TRAINING_MEMORY_MB = 2048 (trainer-scale.ts);
 *   3. ingestion: points/s and peak RSS of the ingestor with 200, 10,000 and 100,000 series (ingest-scale.ts).
 * Options: --parts forecast,trainer,ingest  --models 10,100,1000,10000 --seconds 10
 *          --series 1000,10000,100000 --points 96 --memory-mb 2048 --windows-per-epoch 20000 --epochs 4
 *          --ingest-series 200,10000,100000 --ingest-points 1000000 --points-per-message 10 --partitions 12
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createTestDatabase, dropDatabase } from '@tsf/db';
import { MachineLoad } from '../../ingest/src/machine-load';
import { type ForecastScaleResult, runForecastScale } from './forecast-scale';
import { writeGeneratedSeries } from './generated-series';
import { runIngestScale } from './ingest-scale';
import { runTrainerScale, type TrainerScaleResult } from './trainer-scale';
import { benchPool } from './bench-pool';

const { values: args } = parseArgs({
  options: {
    parts: { type: 'string', default: 'forecast,trainer,ingest' },
    models: { type: 'string', default: '10,100,1000,10000' },
    seconds: { type: 'string', default: '10' },
    series: { type: 'string', default: '1000,10000,100000' },
    points: { type: 'string', default: '96' },
    'memory-mb': { type: 'string', default: '2048' },
    'windows-per-epoch': { type: 'string', default: '20000' },
    epochs: { type: 'string', default: '4' },
    'ingest-series': { type: 'string', default: '200,10000,100000' },
    'ingest-points': { type: 'string', default: '1000000' },
    'points-per-message': { type: 'string', default: '10' },
    partitions: { type: 'string', default: '12' },
  },
});

const sizes = (list: string) => list.split(',').map(Number).sort((a, b) => a - b);
const log = (line: string) => console.log(line);
const progress = (line: string) => process.stderr.write(`bench:scale: ${line}\n`);
const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(9);
const mib = (bytes: number, digits = 0) => `${(bytes / 2 ** 20).toFixed(digits)} MiB`.padStart(8);
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`.padStart(6);

async function main(): Promise<void> {
  const parts = new Set(args.parts.split(','));
  log(`bench:scale: tfjs wasm, 2 CPUs shared with other work; ${MachineLoad.now()}`);
  if (parts.has('forecast')) await forecastPart();
  if (parts.has('trainer')) await trainerPart();
  if (parts.has('ingest')) await ingestPart();
}

async function forecastPart(): Promise<void> {
  const databaseUrl = await createTestDatabase({ migrated: true });
  try {
    const results = await runForecastScale(databaseUrl, sizes(args.models), Number(args.seconds), progress);
    const [base] = results;
    log(`\nForecasts: one client, one request at a time, ${args.seconds} s per row, every model in rotation; MLP [32], lookback 24, horizon 12; every forecast reads its history`);
    log('models    per-series p50       p99  p99 vs first  |  global p50       p99  p99 vs first  |  model cache  misses while timed  API peak RSS');
    const row = (r: ForecastScaleResult) =>
      `${count(r.models).padStart(6)}  ${ms(r.perSeries.client.p50)} ${ms(r.perSeries.client.p99)}  ${ratio(r.perSeries.client.p99, base.perSeries.client.p99).padStart(12)}  |  ${ms(r.global.client.p50)} ${ms(r.global.client.p99)}  ${ratio(r.global.client.p99, base.global.client.p99).padStart(12)}  |  ${mib(r.cacheBytes, 1).padStart(11)}  ${String(r.cacheMisses).padStart(17)}  ${mib(r.apiPeakBytes).padStart(12)}`;
    results.forEach((r) => log(row(r)));
    const largest = results.at(-1)!;
    log(`goal: p99 with ${count(largest.models)} per-series models ≤ 2× p99 with ${count(base.models)}: ${largest.perSeries.client.p99 <= 2 * base.perSeries.client.p99 ? 'yes' : 'no'}`);
  } finally {
    await dropDatabase(databaseUrl);
  }
}

async function trainerPart(): Promise<void> {
  const series = sizes(args.series);
  const model = { lookback: 24, horizon: 12, units: 8, epochs: Number(args.epochs), batchSize: 128, windowsPerEpoch: Number(args['windows-per-epoch']) };
  const databaseUrl = await createTestDatabase({ migrated: true });
  const pool = benchPool(databaseUrl, 1);
  const results: TrainerScaleResult[] = [];
  try {
    let written = 0;
    for (const size of series) {
      progress(`generating series ${written} to ${size} (${args.points} hourly points each)`);
      await writeGeneratedSeries(pool, written, size, Number(args.points), series);
      written = size;
      progress(`training a global model over ${size} series`);
      results.push(await runTrainerScale(databaseUrl, size, model, Number(args['memory-mb'])));
    }
  } finally {
    await pool.end();
    await dropDatabase(databaseUrl);
  }
  const [base] = results;
  log(`\nTrainer: one job of a global GRU(${model.units}), lookback 24, horizon 12, ${model.epochs} epochs of ${count(model.windowsPerEpoch)} windows, over generated series of ${args.points} points; ` +
    `TSF_MAX_TRAINING_MEMORY_MB=${args['memory-mb']}; memory is the trainer and its training process together`);
  log('  series  trained on     windows  windows/s  vs first  step windows/s   job time  peak memory (sampled)  (sum of each process\' peak)  under the limit');
  for (const r of results) {
    log(
      `${count(r.series).padStart(8)}  ${count(r.seriesTrained).padStart(10)}  ${count(r.windows).padStart(10)}  ${count(r.windowsPerSecond).padStart(9)}  ${ratio(r.windowsPerSecond, base.windowsPerSecond).padStart(8)}  ` +
        `${count(r.stepWindowsPerSecond).padStart(13)}  ${`${r.jobSeconds.toFixed(1)} s`.padStart(9)}  ${mib(r.memory.sampledPeakBytes).padStart(21)}  ${mib(r.memory.peakSumBytes).padStart(27)}  ` +
        `${r.memory.peakSumBytes <= Number(args['memory-mb']) * 2 ** 20 ? 'yes' : 'no'}`,
    );
  }
}

async function ingestPart(): Promise<void> {
  const results = await runIngestScale(sizes(args['ingest-series']), Number(args['ingest-points']), Number(args['points-per-message']), Number(args.partitions));
  const [base] = results;
  log(`\nIngestion: the real ingestor, ${count(Number(args['ingest-points']))} points per row in messages of ${args['points-per-message']} points, ${args.partitions} partitions, a fresh database each`);
  log('  series    points/s  vs first  peak RSS');
  for (const r of results) log(`${count(r.series).padStart(8)}  ${count(r.pointsPerSecond).padStart(10)}  ${ratio(r.pointsPerSecond, base.pointsPerSecond).padStart(8)}  ${mib(r.peakRssBytes)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
