export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

/** An hourly daily-seasonal series of `n` values. */
export function sine(n: number, phase = 0): number[] {
  return Array.from({ length: n }, (_, i) => 10 + 5 * Math.sin((2 * Math.PI * (i + phase)) / 24));
}

/** A points message (batch form) of hourly values from T0. */
export function pointsMessage(series: string, values: number[], labels?: Record<string, string>) {
  return { series, points: values.map((value, i) => [T0 + i * HOUR, value]), ...(labels ? { labels } : {}) };
}
