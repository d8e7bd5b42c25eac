import { readFileSync } from 'fs';
import { WasmHeap } from '../src/kernels/wasm-heap';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < 3; round++) for (const v of [0, 1]) {
  const h = new WasmHeap(new Uint8Array(readFileSync(`/tmp/exp/rc${v}.wasm`))); const e = h.exports;
  const B = 64, T = 48, F = 1, H = 64, G = 4 * H;
  const x = h.alloc(T * B * F), w = h.alloc(F * G), u = h.alloc(H * G), b = h.alloc(G), gates = h.alloc(T * B * G), hs = h.alloc((T + 1) * B * H), cs = h.alloc((T + 1) * B * H), tcs = h.alloc(T * B * H);
  const f = h.f32; for (let i = 0; i < H * G; i++) f[(u >> 2) + i] = (Math.random() - 0.5) * 0.2; for (let i = 0; i < G; i++) f[(w >> 2) + i] = Math.random();  for (let i = 0; i < T*B; i++) f[(x >> 2) + i] = Math.random();
  let best = 1e9; for (let r = 0; r < 30; r++) { const c = cpu(); for (let i = 0; i < 5; i++) e.lstm_forward(T, B, F, H, x, w, u, b, gates, hs, cs, tcs); best = Math.min(best, (cpu() - c) / 5); }
  console.log(v ? 'no gemm' : 'full   ', 'lstm_forward best cpu ms', best.toFixed(2));
}
