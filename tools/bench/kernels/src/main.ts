/**
 * Micro-benchmark of the fused recurrent kernels alone (no tfjs): one forward and one backward pass of a
 * layer over a batch, per cell kind and kernel-thread count, as the best and the median of many runs
 * (wall and CPU milliseconds; best-of-N is the figure that survives a busy machine).
 *
 *   npm run bench:kernels -- [units=64] [batch=64] [steps=48] [runs=40]
 */
import { loadavg } from 'node:os';
import { forwardSequence, type FusedCellKind, GATE_COUNT, RNN_THREADS_ENV_VAR, type SequenceDims } from '@tsf/forecasting';

const [units = 64, batch = 64, steps = 48, runs = 40] = process.argv.slice(2).map(Number);
const dims: SequenceDims = { batch, steps, features: 1, units };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const random = (n: number, scale: number) => Float32Array.from({ length: n }, () => (Math.random() - 0.5) * scale);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(2)} / ${s[Math.floor(s.length / 2)].toFixed(2)}`;
};

console.log(`units ${units}, batch ${batch}, steps ${steps}, ${runs} runs; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| cell | threads | forward ms wall (best / median) | forward ms CPU | backward ms wall | backward ms CPU |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const kind of ['lstm', 'gru'] as FusedCellKind[]) {
  const G = GATE_COUNT[kind] * units;
  const weights = { kernel: random(G, 1), recurrentKernel: random(units * G, 0.3), bias: random(G, 0.1) };
  const x = random(batch * steps, 2);
  const dLast = random(batch * units, 0.1);
  for (const threads of ['1', '2']) {
    process.env[RNN_THREADS_ENV_VAR] = threads;
    const t = { fw: [] as number[], fc: [] as number[], bw: [] as number[], bc: [] as number[] };
    for (let r = 0; r < runs + 5; r++) {
      const [w0, c0] = [performance.now(), cpuMs()];
      const { saved } = forwardSequence(kind, dims, x, weights, { goBackwards: false, returnSequences: false, keepForBackward: true });
      const [w1, c1] = [performance.now(), cpuMs()];
      saved!.backward(dLast, 'last');
      const [w2, c2] = [performance.now(), cpuMs()];
      if (r < 5) continue; // warm-up
      t.fw.push(w1 - w0);
      t.fc.push(c1 - c0);
      t.bw.push(w2 - w1);
      t.bc.push(c2 - c1);
    }
    console.log(`| ${kind} | ${threads} | ${stats(t.fw)} | ${stats(t.fc)} | ${stats(t.bw)} | ${stats(t.bc)} |`);
  }
}
