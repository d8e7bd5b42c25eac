import { mulberry32 } from '@tsf/forecasting';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

/** An hourly daily-seasonal series of `n` values. */
export function sine(n: number, phase = 0): number[] {
  return Array.from({ length: n }, (_, i) => 10 + 5 * Math.sin((2 * Math.PI * (i + phase)) / 24));
}

/** sine(n) with uniform noise of width `noise` (seeded): each value plus noise × (u − 0.5), u in [0, 1). */
export function noisySine(n: number, seed: number, noise: number): number[] {
  const uniform = mulberry32(seed);
  return sine(n).map((value) => value + noise * (uniform() - 0.5));
}

/** A points message (batch form) of hourly values from T0. */
export function pointsMessage(series: string, values: number[], labels?: Record<string, string>) {
  return { series, points: values.map((value, i) => [T0 + i * HOUR, value]), ...(labels ? { labels } : {}) };
}

const MINUTE = 60_000;

/** The day-long gap of gappyHourlyPoints: hours [from, to) missing. */
export const GAPPY = { hours: 264, gap: { from: 120, to: 144 } } as const;

/**
 * GAPPY.hours hours of a daily wave, as a real feed delivers it: a day-long gap (GAPPY.gap), every 10th hour missing
 * besides (10%), every 20th hour written twice (at :00 and :20), and every timestamp jittered by up to ±4 minutes
 * (the last hour's by +2, so the forecast's grid is known).
 */
export function gappyHourlyPoints(): Array<[number, number]> {
  const { hours, gap } = GAPPY;
  const wave = sine(hours);
  const points: Array<[number, number]> = [];
  for (let hour = 0; hour < hours; hour++) {
    if ((hour >= gap.from && hour < gap.to) || hour % 10 === 5) continue;
    const jitter = hour === hours - 1 ? 2 : ((hour * 7) % 9) - 4;
    points.push([T0 + hour * HOUR + jitter * MINUTE, wave[hour]]);
    if (hour % 20 === 0) points.push([T0 + hour * HOUR + 20 * MINUTE, wave[hour] + 0.5]);
  }
  return points;
}
