/**
 * Training throughput benchmark.
 *
 *   node -r @swc-node/register libs/forecasting/bench/train-throughput.ts [architecture] [units] [batchSize]
 *
 * Defaults: LSTM(64), lookback 48, horizon 24, batch 64, on the backend initBackend() picks
 * (set TSF_TF_BACKEND to force one; TSF_WASM_MATMUL_PATCH=0 to measure wasm without the matmul patch).
 */
import { Forecaster, initBackend } from '../src';
import { noisySine } from '../src/testing/series';

async function main(): Promise<void> {
  const [architecture = 'lstm', units = '64', batch = '64', epochs = '3'] = process.argv.slice(2);
  const backend = await initBackend();
  const series = noisySine(48 + 24 + 64 * 20 - 1); // exactly 20 batches of 64 per epoch
  const f = Forecaster.create({ architecture, lookback: 48, horizon: 24, params: { layers: [Number(units)] } });
  // warm-up epoch (kernel setup, first allocations) is not counted
  await f.fit(series, { epochs: 1, batchSize: Number(batch), seed: 1 });
  const result = await f.fit(series, { epochs: Number(epochs), batchSize: Number(batch), seed: 1 });
  console.log(
    JSON.stringify({
      backend: backend.name,
      simd: backend.simd,
      threads: backend.threads,
      architecture,
      units: Number(units),
      lookback: 48,
      horizon: 24,
      batchSize: Number(batch),
      samples: result.trainSamples * result.epochs,
      samplesPerSecond: Math.round(result.samplesPerSecond),
      msPerBatch: +((1000 * Number(batch)) / result.samplesPerSecond).toFixed(1),
    }),
  );
  f.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
