/** Runs reference_torch.py (PyTorch on the CPU) on the same data and settings, one case per process. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { BenchCase } from './cases';
import type { BenchData } from './dataset';
import type { BenchSettings } from './settings';
import { SYSTEM_PYTHON } from './torch-install';
import type { TrainFigures } from './tsf-train';

const SCRIPT = path.join(__dirname, '..', 'reference_torch.py');
/** Debian's python3-torch lives in the system interpreter, which a pyenv/venv `python3` on PATH may hide. */
const CANDIDATES = ['python3', SYSTEM_PYTHON];

export type TorchRuntime = { available: true; python: string; version: string } | { available: false; reason: string };

export function findTorch(explicit?: string): TorchRuntime {
  const tried: string[] = [];
  for (const python of explicit ? [explicit] : CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { available: true, python, version: probe.stdout.trim() };
    tried.push(`${python}: ${probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`)}`);
  }
  return { available: false, reason: `no python with torch (${tried.join('; ')}); run with --baseline to install python3-torch and OpenBLAS` };
}

export interface TorchFigures extends TrainFigures {
  /** The BLAS library PyTorch's products ran on. */
  blas: string;
}

/** Trains case `c` in PyTorch with `threads` intra-op threads (and as many BLAS / OpenMP threads). */
export function trainTorch(python: string, c: BenchCase, data: BenchData, s: BenchSettings, threads: number): TorchFigures {
  // the windows of Forecaster.fit's split, so both sides train and validate on the same ones
  const { trainEnd, valStart, val: valWindows } = data.split;
  const job = { ...s, series: data.scaled, trainEnd, valStart, valWindows, threads, models: [{ name: c.id, ...c.torch }] };
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const run = spawnSync(python, [SCRIPT], { input: JSON.stringify(job), encoding: 'utf8', env, maxBuffer: 16 << 20 });
  if (run.status !== 0) throw new Error(`reference_torch.py failed for ${c.id} (exit ${run.status}): ${run.stderr.trim().slice(-2000)}`);
  const out = JSON.parse(run.stdout) as { blas: string; results: Array<{ samplesPerSecond: number; valLoss: number }> };
  const [result] = out.results;
  return { samplesPerSecond: result.samplesPerSecond, valLoss: result.valLoss, blas: out.blas };
}
