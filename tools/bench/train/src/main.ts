/**
 * `npm run bench:train`: training throughput of tsf against PyTorch on the CPU, same models, data and steps.
 *
 * For each architecture (LSTM(64), GRU(64), bidirectional LSTM(64), stacked LSTM(64,64), Transformer encoders of 2
 * and 4 blocks, a seq2seq LSTM with attention, an MLP(512,512), the linear model): tsf trains it (Forecaster.fit:
 * warm-up epochs, then timed epochs), then reference_torch.py trains the PyTorch equivalent on the same standardized
 * windows (same split, loss, batch, Adam learning rate and steps), one after the other so that both see the same
 * machine load. Each round uses another seed (1, 2, ...). Prints the median samples/s of optimizer steps of both, the
 * ratio tsf / PyTorch, and the final validation MSE of both (mean and range over rounds); then the latency of
 * Forecaster.predict for one series on the loaded LSTM, Transformer and seq2seq models (median, p99, p99 over the
 * LSTM's), on direct inference and on tfjs' predict() (TSF_DIRECT_INFERENCE=0) in the same run.
 * Without a python that imports torch it says so and prints tsf alone.
 *
 * tsf runs its recurrent kernels on TSF_RNN_THREADS threads (default min(2, CPUs)); PyTorch runs on one thread, or,
 * given several --torch-threads counts, is timed with each on the first model and keeps the faster.
 *
 * Options: --models lstm,gru,bilstm,lstm2,transformer,transformer4,seq2seq,mlp,linear --epochs 8 --warmup 1
 *          --batches 20 --batch 64 --rounds 3 --torch-threads 1,2 --python PATH --no-torch --predict-calls 1000
 *          --data ../shared/data/ett/ETTh1.csv
 *          --baseline: installs Debian's python3-torch and libopenblas0-pthread when they are missing (apt-get, as
 *          root or through sudo), and also trains with tfjs-layers' own layers (TSF_FUSED_RNN=0, TSF_FUSED_DENSE=0,
 *          TSF_FUSED_TRANSFORMER=0).
 */
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DIRECT_INFERENCE_ENV_VAR, FUSED_DENSE_ENV_VAR, FUSED_RNN_ENV_VAR, FUSED_TRANSFORMER_ENV_VAR, initBackend, kernelThreadCount, LIBRARY_VERSION, listArchitectures, SHARED_DATA_DIR, type Forecaster } from '@tsf/forecasting';
import { BENCH_CASES, type BenchCase } from './cases';
import { loadBenchData, type BenchData } from './dataset';
import { predictLatency, type LatencyRow } from './predict-latency';
import { formatReport, summarize, type CaseResult } from './report';
import type { BenchSettings } from './settings';
import { ensureTorchPackages } from './torch-install';
import { findTorch, trainTorch, type TorchFigures } from './torch-reference';
import { trainTsf, type TrainFigures } from './tsf-train';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: BENCH_CASES.map((c) => c.id).join(',') },
    epochs: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '1' },
    batches: { type: 'string', default: '20' },
    batch: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
    'torch-threads': { type: 'string' },
    python: { type: 'string' },
    'no-torch': { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: false },
    'predict-calls': { type: 'string', default: '1000' },
    data: { type: 'string', default: path.join(SHARED_DATA_DIR, 'ett/ETTh1.csv') },
  },
});

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${raw})`);
  return n;
}

function selectCases(list: string): { cases: BenchCase[]; skipped: string[] } {
  const wanted = list.split(',').map((s) => s.trim());
  const unknown = wanted.filter((id) => !BENCH_CASES.some((c) => c.id === id));
  if (unknown.length) throw new Error(`unknown --models ${unknown.join(', ')}; known: ${BENCH_CASES.map((c) => c.id).join(', ')}`);
  const chosen = BENCH_CASES.filter((c) => wanted.includes(c.id));
  const registered = listArchitectures();
  return {
    cases: chosen.filter((c) => registered.includes(c.tsf.architecture)),
    skipped: chosen.filter((c) => !registered.includes(c.tsf.architecture)).map((c) => `${c.label}: architecture "${c.tsf.architecture}" is not registered`),
  };
}

/** Runs `body` with the environment switches `names` set to '0'. */
async function switchedOff<T>(names: string[], body: () => Promise<T>): Promise<T> {
  const previous = names.map((name) => process.env[name]);
  names.forEach((name) => (process.env[name] = '0'));
  try {
    return await body();
  } finally {
    names.forEach((name, i) => {
      if (previous[i] === undefined) delete process.env[name];
      else process.env[name] = previous[i];
    });
  }
}

/** tfjs-layers' own layers (recurrent loop, dense layers) instead of the fused kernels. */
const withTfjsLoop = <T>(body: () => Promise<T>) => switchedOff([FUSED_RNN_ENV_VAR, FUSED_DENSE_ENV_VAR, FUSED_TRANSFORMER_ENV_VAR], body);

const log = (line: string) => console.error(`  ${line}`);

async function main(): Promise<void> {
  const base: BenchSettings = {
    lookback: 48,
    horizon: 24,
    batchSize: positive('batch', args.batch),
    learningRate: 1e-3,
    validationSplit: 0.2,
    warmupEpochs: positive('warmup', args.warmup),
    epochs: positive('epochs', args.epochs),
    seed: 1,
  };
  const rounds = positive('rounds', args.rounds);
  const kernelThreads = kernelThreadCount();
  let torchThreads = [...new Set((args['torch-threads'] ?? '1').split(',').map((t) => positive('torch-threads', t)))];
  const { cases, skipped } = selectCases(args.models!);

  const backend = await initBackend();
  const data: BenchData = loadBenchData({ path: args.data!, ...base, trainWindows: positive('batches', args.batches) * base.batchSize });
  if (args.baseline && !args['no-torch'] && !args.python) ensureTorchPackages(log);
  const torch = args['no-torch'] ? ({ available: false, reason: 'skipped (--no-torch)' } as const) : findTorch(args.python);
  const loadAtStart = loadavg();
  console.error(
    `bench:train: ${cases.length} models × ${rounds} rounds; tfjs backend ${backend.name}${backend.simd ? ' SIMD' : ''}; ` +
      `PyTorch: ${torch.available ? `${torch.version} (${torch.python})` : torch.reason}`,
  );

  const results: CaseResult[] = [];
  const latencyModels: Array<{ case: BenchCase; forecaster: Forecaster }> = [];
  for (const c of cases) {
    const runs = { tsf: [] as TrainFigures[], torch: [] as TorchFigures[], baseline: [] as TrainFigures[] };
    let chosenThreads = torchThreads[0];
    for (let round = 0; round < rounds; round++) {
      const settings = { ...base, seed: round + 1 };
      const { figures, forecaster } = await trainTsf(c, data, settings);
      runs.tsf.push(figures);
      log(`${c.label}, seed ${settings.seed}: tsf ${figures.samplesPerSecond.toFixed(0)} samples/s, val MSE ${figures.valLoss.toFixed(4)}`);
      if (c.latency && round === 0) latencyModels.push({ case: c, forecaster });
      else forecaster.dispose();
      if (torch.available) {
        const tried = torchThreads.map((threads) => ({ threads, figures: trainTorch(torch.python, c, data, settings, threads) }));
        tried.forEach((t) => log(`${c.label}, seed ${settings.seed}: PyTorch (${t.threads} threads) ${t.figures.samplesPerSecond.toFixed(0)} samples/s, val MSE ${t.figures.valLoss.toFixed(4)}`));
        const best = tried.reduce((a, b) => (b.figures.samplesPerSecond > a.figures.samplesPerSecond ? b : a));
        if (torchThreads.length > 1) {
          torchThreads = [best.threads]; // decided once, on the first model
          log(`PyTorch runs with ${best.threads} thread(s) from here on`);
        }
        chosenThreads = best.threads;
        runs.torch.push(best.figures);
      }
      if (args.baseline) {
        const { figures: tfjs, forecaster: f } = await withTfjsLoop(() => trainTsf(c, data, settings));
        f.dispose();
        runs.baseline.push(tfjs);
        log(`${c.label}, seed ${settings.seed}: tsf with tfjs-layers' own layers ${tfjs.samplesPerSecond.toFixed(0)} samples/s`);
      }
    }
    results.push({
      case: c,
      tsf: summarize(runs.tsf),
      torch: runs.torch.length ? { ...summarize(runs.torch), threads: chosenThreads, blas: runs.torch[0].blas } : undefined,
      baseline: runs.baseline.length ? summarize(runs.baseline) : undefined,
    });
  }

  const latency: LatencyRow[] = [];
  const calls = positive('predict-calls', args['predict-calls']);
  const history = data.series.slice(-base.lookback);
  for (const { case: c, forecaster } of latencyModels) {
    const direct = await predictLatency(forecaster, history, calls);
    const tfjs = await switchedOff([DIRECT_INFERENCE_ENV_VAR], () => predictLatency(forecaster, history, calls));
    latency.push({ case: c, direct, tfjs });
    log(`${c.label}: Forecaster.predict p99 ${direct.p99Ms.toFixed(3)} ms (tfjs predict(): ${tfjs.p99Ms.toFixed(3)} ms)`);
    forecaster.dispose();
  }

  console.log(formatReport({ library: LIBRARY_VERSION, backend, torch, kernelThreads, settings: base, data, rounds, results, skipped, latency, load: { start: loadAtStart, end: loadavg() } }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
