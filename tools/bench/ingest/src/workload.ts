/** The benchmark's points: `series` series of equal length, one point a minute, values with three decimals. */
export interface Workload {
  seriesKeys: string[];
  pointsPerSeries: number;
  pointsPerMessage: number;
  /** Epoch ms of point i of every series is T0 + i × STEP_MS. */
  timestamp(i: number): number;
  /** Deterministic, so the stored table can be checked against what was produced. */
  value(seriesIndex: number, i: number): number;
}

export const WORKLOAD_T0 = Date.UTC(2020, 0, 1);
export const WORKLOAD_STEP_MS = 60_000;

export function createWorkload(points: number, series: number, pointsPerMessage: number): Workload {
  if (points % series !== 0) throw new Error(`--points (${points}) must be a multiple of --series (${series})`);
  return {
    // stored-check.ts recomputes values in SQL from the key's digits (from character 8) and the timestamp.
    seriesKeys: Array.from({ length: series }, (_, s) => `bench/s${String(s).padStart(4, '0')}`),
    pointsPerSeries: points / series,
    pointsPerMessage,
    timestamp: (i) => WORKLOAD_T0 + i * WORKLOAD_STEP_MS,
    value: (s, i) => ((s * 7_919 + i * 104_729) % 1_000_003) / 1000,
  };
}

export function totalPoints(workload: Workload): number {
  return workload.seriesKeys.length * workload.pointsPerSeries;
}

/** Batch messages in the points contract, series interleaved the way many producers would send them. */
export function* pointsMessages(workload: Workload): Generator<{ key: string; value: string }> {
  const { seriesKeys, pointsPerSeries, pointsPerMessage } = workload;
  for (let start = 0; start < pointsPerSeries; start += pointsPerMessage) {
    const end = Math.min(pointsPerSeries, start + pointsPerMessage);
    for (let s = 0; s < seriesKeys.length; s++) {
      const points: [number, number][] = [];
      for (let i = start; i < end; i++) points.push([workload.timestamp(i), workload.value(s, i)]);
      yield { key: seriesKeys[s], value: JSON.stringify({ series: seriesKeys[s], points }) };
    }
  }
}
