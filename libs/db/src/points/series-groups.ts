/** One point as the contract normalises it: epoch milliseconds and a finite value. */
export interface TimedValue {
  ts: number;
  value: number;
}

export interface SeriesBatch {
  series: string;
  labels?: Record<string, string>;
  points: TimedValue[];
}

/** The points of one series in one write, one per timestamp. */
export interface SeriesGroup {
  series: string;
  labels?: Record<string, string>;
  /** Runs of points; together they hold each timestamp once. */
  runs: TimedValue[][];
  points: number;
  firstTs: number;
  lastTs: number;
}

/**
 * Groups a write by series, keeping one value per timestamp: the last one given wins, as a redelivery would.
 * The common case (each series' points arrive in ascending time order) keeps the callers' arrays as they are;
 * only a series whose timestamps go backwards pays for de-duplication.
 */
export function groupBySeries(batches: SeriesBatch[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup & { ascending: boolean }>();
  for (const batch of batches) {
    if (batch.points.length === 0) continue;
    let group = groups.get(batch.series);
    if (!group) {
      group = { series: batch.series, labels: batch.labels, runs: [], points: 0, firstTs: Infinity, lastTs: -Infinity, ascending: true };
      groups.set(batch.series, group);
    }
    group.labels ??= batch.labels;
    let previous = group.lastTs;
    for (const { ts } of batch.points) {
      if (ts <= previous) group.ascending = false;
      previous = ts;
    }
    group.runs.push(batch.points);
    group.points += batch.points.length;
    group.firstTs = Math.min(group.firstTs, batch.points[0].ts);
    group.lastTs = Math.max(group.lastTs, previous);
  }
  return [...groups.values()].map(({ ascending, ...group }) => (ascending ? group : deduplicated(group)));
}

function deduplicated(group: SeriesGroup): SeriesGroup {
  const byTs = new Map<number, number>();
  for (const run of group.runs) for (const { ts, value } of run) byTs.set(ts, value);
  const points = Array.from(byTs, ([ts, value]) => ({ ts, value }));
  let firstTs = Infinity;
  let lastTs = -Infinity;
  for (const { ts } of points) {
    firstTs = Math.min(firstTs, ts);
    lastTs = Math.max(lastTs, ts);
  }
  return { series: group.series, labels: group.labels, runs: [points], points: points.length, firstTs, lastTs };
}
