/** The Markdown table and JSON summary that `npm run bench:train` prints. */
import type { BackendInfo } from '@tsf/forecasting';
import type { BenchCase } from './cases';
import type { BenchData } from './dataset';
import type { LatencyRow } from './predict-latency';
import type { BenchSettings } from './settings';
import type { TorchRuntime } from './torch-reference';
import type { TrainFigures } from './tsf-train';

/** Figures of one side over the rounds: median throughput, validation MSE of every round. */
export interface Summary {
  samplesPerSecond: number;
  runs: number[];
  valLosses: number[];
}

export interface CaseResult {
  case: BenchCase;
  tsf: Summary;
  /** With the thread count PyTorch ran with, and its BLAS. */
  torch?: Summary & { threads: number; blas: string };
  /** tsf with tfjs-layers' own recurrent loop (--baseline). */
  baseline?: Summary;
}

export interface Report {
  library: string;
  backend: BackendInfo;
  torch: TorchRuntime;
  kernelThreads: number;
  settings: BenchSettings;
  data: BenchData;
  rounds: number;
  results: CaseResult[];
  skipped: string[];
  latency: LatencyRow[];
  load: { start: number[]; end: number[] };
}

export function summarize(runs: TrainFigures[]): Summary {
  const rates = runs.map((r) => r.samplesPerSecond);
  const sorted = [...rates].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { samplesPerSecond: median, runs: rates, valLosses: runs.map((r) => r.valLoss) };
}

const rate = (x?: Summary) => (x ? x.samplesPerSecond.toFixed(0) : '—');
const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} ms`;
const loads = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');

/** Mean validation MSE, with the range over rounds when there are several. */
function valLoss(x?: Summary): string {
  if (!x) return '—';
  const v = x.valLosses;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.length > 1 ? `${mean.toFixed(4)} (${Math.min(...v).toFixed(4)}–${Math.max(...v).toFixed(4)})` : mean.toFixed(4);
}

export function formatReport(r: Report): string {
  const s = r.settings;
  const tsf = `fused kernels on ${r.kernelThreads} thread${r.kernelThreads > 1 ? 's' : ''}, tfjs ${r.backend.name}${r.backend.simd ? ' SIMD' : ''}`;
  const blas = r.results.find((x) => x.torch)?.torch?.blas;
  const torch = r.torch.available ? `PyTorch ${r.torch.version}${blas ? ` on ${blas}` : ''}` : `no PyTorch: ${r.torch.reason}`;
  const withBaseline = r.results.some((x) => x.baseline);
  const lines = [
    `## bench:train — tsf ${r.library} (${tsf}) vs ${torch}`,
    '',
    `ETTh1 OT standardized, lookback ${s.lookback}, horizon ${s.horizon}, batch ${s.batchSize}, Adam ${s.learningRate}, ` +
      `${r.data.split.train} training / ${r.data.split.val} validation windows, ${s.warmupEpochs} warm-up + ${s.epochs} timed epochs, ` +
      `${r.rounds} round${r.rounds > 1 ? 's (seeds 1…' + r.rounds + '; samples/s: median, val MSE: mean (range))' : ''}. ` +
      `Load average ${loads(r.load.start)} at start, ${loads(r.load.end)} at end.`,
    '',
    `| model | tsf samples/s |${withBaseline ? ' tsf, tfjs-layers loop |' : ''} PyTorch samples/s (threads) | tsf / PyTorch | tsf val MSE | PyTorch val MSE |`,
    `|---|---:|${withBaseline ? '---:|' : ''}---:|---:|---:|---:|`,
    ...r.results.map((x) => {
      const ratio = x.torch ? (x.tsf.samplesPerSecond / x.torch.samplesPerSecond).toFixed(2) : '—';
      const torchRate = x.torch ? `${rate(x.torch)} (${x.torch.threads})` : '—';
      return `| ${x.case.label} | ${rate(x.tsf)} |${withBaseline ? ` ${rate(x.baseline)} |` : ''} ${torchRate} | ${ratio} | ${valLoss(x.tsf)} | ${valLoss(x.torch)} |`;
    }),
  ];
  if (r.skipped.length) lines.push('', `Skipped: ${r.skipped.join('; ')}.`);
  if (r.latency.length) lines.push('', ...latencyTable(r.latency));
  const json = {
    backend: r.backend.name,
    kernelThreads: r.kernelThreads,
    torch: r.torch.available ? r.torch.version : null,
    load: r.load,
    results: r.results.map((x) => ({ model: x.case.id, tsf: x.tsf, torch: x.torch ?? null, baseline: x.baseline ?? null })),
    latency: r.latency.map((x) => ({ model: x.case.id, direct: x.direct, tfjs: x.tfjs })),
  };
  lines.push('', '```json', JSON.stringify(json), '```');
  return lines.join('\n');
}

/** Forecaster.predict per model, on direct inference and on tfjs' predict(), with each p99 over the LSTM's direct one. */
function latencyTable(rows: LatencyRow[]): string[] {
  const lstm = rows.find((x) => x.case.id === 'lstm')?.direct.p99Ms;
  const over = (p99: number) => (lstm ? `${(p99 / lstm).toFixed(2)}×` : '—');
  return [
    `Forecaster.predict, one series, loaded model, ${rows[0].direct.calls} calls each (p99 / LSTM: over the LSTM's direct p99):`,
    '',
    '| model | p50 | p99 | p99 / LSTM | tfjs predict() p50 | tfjs predict() p99 | p99 / LSTM |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (x) => `| ${x.case.label} | ${ms(x.direct.medianMs)} | ${ms(x.direct.p99Ms)} | ${over(x.direct.p99Ms)} | ${ms(x.tfjs.medianMs)} | ${ms(x.tfjs.p99Ms)} | ${over(x.tfjs.p99Ms)} |`,
    ),
  ];
}
