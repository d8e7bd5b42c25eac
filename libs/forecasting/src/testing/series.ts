/** Synthetic series for tests and benchmarks. */
import { mulberry32, normalSampler } from '../util/random';

/** level + amplitude·sin(2πt/period) + N(0, sigma²) noise, deterministic for a seed. */
export function noisySine(length: number, options: { period?: number; amplitude?: number; level?: number; sigma?: number; seed?: number } = {}): number[] {
  const { period = 24, amplitude = 3, level = 10, sigma = 0.5, seed = 7 } = options;
  const normal = normalSampler(mulberry32(seed));
  return Array.from({ length }, (_, t) => level + amplitude * Math.sin((2 * Math.PI * t) / period) + sigma * normal());
}
