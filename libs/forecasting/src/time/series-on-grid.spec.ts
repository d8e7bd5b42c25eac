import { InvalidArgumentError } from '../errors';
import { parseFrequency } from './frequency';
import { alignToGrid, DEFAULT_GRID_POLICY, type GridAggregate, gridFrequencyOf, seriesOnGrid, sumGridReports } from './series-on-grid';
import { timeGrid } from './time-grid';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const hourly = timeGrid('1h');

describe('series on grid', () => {
  it('a regular series is one segment, its points as they are, on their grid instants', () => {
    const { segments, report } = alignToGrid([T0, T0 + HOUR, T0 + 2 * HOUR], [1, 2, 3], hourly, DEFAULT_GRID_POLICY);
    expect(segments).toHaveLength(1);
    expect(Array.from(segments[0].values)).toEqual([1, 2, 3]);
    expect(Array.from(segments[0].timestamps)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR]);
    expect(report).toEqual({ points: 3, steps: 3, aggregatedSteps: 0, interpolatedSteps: 0, longGaps: 0, segments: 1, droppedSegments: 0, droppedPoints: 0 });
  });

  it.each<[GridAggregate, number]>([
    ['mean', 4],
    ['last', 4],
    ['sum', 12],
    ['min', 2],
    ['max', 6],
  ])('several points in one step become one value by the aggregate (%s)', (aggregate, expected) => {
    // 10:00, 10:20 and 10:40 hold 2, 6 and 4 (written out of order; `last` is 10:40's, the latest in time); 11:00 holds 9
    const ts = [T0 + 10 * HOUR, T0 + 10 * HOUR + 40 * MINUTE, T0 + 10 * HOUR + 20 * MINUTE, T0 + 11 * HOUR];
    const { segments, report } = alignToGrid(ts, [2, 4, 6, 9], hourly, { aggregate, maxGap: 0 });
    expect(Array.from(segments[0].values)).toEqual([expected, 9]);
    expect(report).toMatchObject({ points: 4, steps: 2, aggregatedSteps: 1 });
  });

  it('duplicate timestamps: `last` keeps the one written last', () => {
    const { segments } = alignToGrid([T0, T0, T0 + HOUR], [1, 5, 2], hourly, { aggregate: 'last', maxGap: 0 });
    expect(Array.from(segments[0].values)).toEqual([5, 2]);
  });

  it('jittered timestamps are read as their steps: a point a few minutes early is the next hour, one a few minutes late its own', () => {
    const ts = [T0 - 3 * MINUTE, T0 + HOUR + 4 * MINUTE, T0 + 2 * HOUR - 5 * MINUTE, T0 + 3 * HOUR + MINUTE];
    const { segments, report } = alignToGrid(ts, [1, 2, 3, 4], hourly, DEFAULT_GRID_POLICY);
    expect(segments).toHaveLength(1);
    expect(Array.from(segments[0].timestamps).map(iso)).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-01T01:00:00.000Z', '2024-01-01T02:00:00.000Z', '2024-01-01T03:00:00.000Z']);
    expect(Array.from(segments[0].values)).toEqual([1, 2, 3, 4]);
    expect(report.aggregatedSteps).toBe(0);
  });

  it('interpolates linearly up to maxGap missing steps', () => {
    // steps 0 and 4 present, 1-3 missing (3 ≤ maxGap 3)
    const { segments, report } = alignToGrid([T0, T0 + 4 * HOUR, T0 + 5 * HOUR], [0, 8, 1], hourly, { aggregate: 'mean', maxGap: 3 });
    expect(segments).toHaveLength(1);
    expect(Array.from(segments[0].values)).toEqual([0, 2, 4, 6, 8, 1]);
    expect(segments[0].interpolatedSteps).toBe(3);
    expect(report).toMatchObject({ steps: 6, interpolatedSteps: 3, longGaps: 0, segments: 1 });
  });

  it('a gap longer than maxGap splits the series: nothing is interpolated or concatenated across it', () => {
    // steps 0-2, then 4 missing steps (> maxGap 3), then 7-9
    const ts = [0, 1, 2, 7, 8, 9].map((k) => T0 + k * HOUR);
    const { segments, report } = alignToGrid(ts, [1, 2, 3, 7, 8, 9], hourly, { aggregate: 'mean', maxGap: 3 });
    expect(segments.map((s) => Array.from(s.values))).toEqual([
      [1, 2, 3],
      [7, 8, 9],
    ]);
    expect(iso(segments[1].timestamps[0])).toBe('2024-01-01T07:00:00.000Z');
    expect(report).toMatchObject({ steps: 6, interpolatedSteps: 0, longGaps: 1, segments: 2 });
  });

  it('maxGap 0 splits at every missing step', () => {
    const { report } = alignToGrid([0, 2, 4].map((k) => T0 + k * HOUR), [1, 2, 3], hourly, { aggregate: 'mean', maxGap: 0 });
    expect(report).toMatchObject({ segments: 3, longGaps: 2, interpolatedSteps: 0 });
  });

  it('segments shorter than minSteps are dropped and counted with their points', () => {
    // a segment of 2 steps (3 points), a long gap, a segment of 4 steps
    const ts = [0, 0.5, 1, 10, 11, 12, 13].map((k) => T0 + k * HOUR);
    const { segments, report } = alignToGrid(ts, [1, 1, 2, 5, 6, 7, 8], hourly, { aggregate: 'mean', maxGap: 2 }, { minSteps: 3 });
    expect(segments.map((s) => Array.from(s.values))).toEqual([[5, 6, 7, 8]]);
    expect(report).toMatchObject({ points: 7, steps: 4, segments: 1, longGaps: 1, droppedSegments: 1, droppedPoints: 3, aggregatedSteps: 0 });
  });

  it('a calendar month grid in a time zone: steps at local midnight on the 1st, across DST, a missing month interpolated', () => {
    const berlinMonthly = timeGrid('1M', 'Europe/Berlin');
    // Berlin midnight on Feb 1 (UTC+1), a point on Mar 1, none in April, one on May 1 (UTC+2) and one on May 20
    const ts = [Date.parse('2024-01-31T23:00:00Z'), Date.parse('2024-02-29T23:00:00Z'), Date.parse('2024-04-30T22:00:00Z'), Date.parse('2024-05-20T10:00:00Z')];
    const { segments, report } = alignToGrid(ts, [10, 20, 40, 60], berlinMonthly, { aggregate: 'sum', maxGap: 1 });
    expect(segments).toHaveLength(1);
    expect(Array.from(segments[0].timestamps).map(iso)).toEqual(['2024-01-31T23:00:00.000Z', '2024-02-29T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-30T22:00:00.000Z']);
    expect(Array.from(segments[0].values)).toEqual([10, 20, 60, 100]);
    expect(report).toMatchObject({ steps: 4, aggregatedSteps: 1, interpolatedSteps: 1 });
  });

  it('refuses non-finite points, mismatched lengths and a negative maxGap', () => {
    expect(() => alignToGrid([T0], [Number.NaN], hourly, DEFAULT_GRID_POLICY)).toThrow(InvalidArgumentError);
    expect(() => alignToGrid([T0, T0 + HOUR], [1], hourly, DEFAULT_GRID_POLICY)).toThrow(InvalidArgumentError);
    expect(() => alignToGrid([T0], [1], hourly, { aggregate: 'mean', maxGap: -1 })).toThrow(InvalidArgumentError);
  });

  it('no points: no segment', () => {
    expect(alignToGrid([], [], hourly, DEFAULT_GRID_POLICY)).toEqual({ segments: [], report: expect.objectContaining({ points: 0, segments: 0 }) });
  });

  describe('seriesOnGrid', () => {
    it('uses the declared frequency in its time zone', () => {
      const ts = [0, 1, 2, 3].map((k) => Date.parse('2024-03-29T23:00:00Z') + k * 24 * HOUR);
      const { frequency, segments } = seriesOnGrid({ timestamps: ts, values: [1, 2, 3, 4], frequency: '1d', timeZone: 'Europe/Berlin' }, DEFAULT_GRID_POLICY);
      expect(frequency).toMatchObject({ text: '1d', source: 'declared' });
      // Mar 31 is 23 hours long in Berlin: the point at 23:00 UTC on Mar 31 is Apr 1, 01:00 local, i.e. within Apr 1
      expect(Array.from(segments[0].timestamps).map(iso)).toEqual(['2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-01T22:00:00.000Z']);
    });

    it('infers the frequency when none is declared, and splits at a day-long gap of an hourly series', () => {
      const ts = [...Array.from({ length: 30 }, (_, k) => T0 + k * HOUR), ...Array.from({ length: 30 }, (_, k) => T0 + (54 + k) * HOUR)];
      const { frequency, report } = seriesOnGrid({ timestamps: ts, values: ts.map((_, i) => i), frequency: null, timeZone: 'UTC' }, DEFAULT_GRID_POLICY);
      expect(frequency).toMatchObject({ text: '1h', source: 'inferred' });
      expect(report).toMatchObject({ segments: 2, longGaps: 1, steps: 60 });
    });

    it('without a frequency in force (too few points), the points are one segment as they are, or none when too short', () => {
      const series = { timestamps: [T0, T0 + 5 * MINUTE], values: [1, 2], frequency: null, timeZone: 'UTC' };
      const kept = seriesOnGrid(series, DEFAULT_GRID_POLICY);
      expect(kept.frequency).toBeNull();
      expect(Array.from(kept.segments[0].values)).toEqual([1, 2]);
      expect(seriesOnGrid(series, DEFAULT_GRID_POLICY, { minSteps: 3 }).report).toMatchObject({ segments: 0, droppedSegments: 1, droppedPoints: 2 });
    });
  });

  it("a model's own, coarser frequency aggregates each of its steps (source 'model'); the series' frequency otherwise", () => {
    const timestamps = Array.from({ length: 180 }, (_, m) => T0 + m * MINUTE);
    const values = timestamps.map((_, m) => Math.floor(m / 60) * 10 + (m % 60));
    const series = { timestamps, values, frequency: null, timeZone: 'UTC' };
    expect(gridFrequencyOf({}, series)).toMatchObject({ text: '1m', source: 'inferred' });
    expect(gridFrequencyOf({ frequency: '1h' }, series)).toMatchObject({ text: '1h', source: 'model', confidence: null });
    const onGrid = seriesOnGrid(series, { ...DEFAULT_GRID_POLICY, frequency: '1h' });
    expect(onGrid.segments).toHaveLength(1);
    expect(Array.from(onGrid.segments[0].values)).toEqual([29.5, 39.5, 49.5]);
    expect(Array.from(onGrid.segments[0].timestamps, iso)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR].map(iso));
    expect(onGrid.report).toMatchObject({ points: 180, steps: 3, aggregatedSteps: 3 });
    const sums = seriesOnGrid(series, { aggregate: 'sum', maxGap: 0, frequency: '1h' });
    expect(Array.from(sums.segments[0].values)).toEqual([1770, 2370, 2970]);
  });

  it('sums the reports of several series, and gives zeros for none', () => {
    const one = seriesOnGrid({ timestamps: [T0, T0 + HOUR, T0 + 3 * HOUR], values: [1, 2, 4], frequency: '1h', timeZone: 'UTC' }, DEFAULT_GRID_POLICY).report;
    const total = sumGridReports([one, one]);
    for (const [count, value] of Object.entries(one)) expect(total[count as keyof typeof total]).toBe(2 * value);
    expect(Object.values(sumGridReports([]))).toEqual(new Array(8).fill(0));
  });

  it("uses the frequency in force its caller resolved instead of inferring it again", () => {
    const series = { timestamps: [T0, T0 + HOUR, T0 + 2 * HOUR], values: [1, 2, 3], frequency: null, timeZone: 'UTC' };
    const resolved = { frequency: parseFrequency('30m'), text: '30m', source: 'inferred' as const, confidence: 1 };
    expect(seriesOnGrid(series, DEFAULT_GRID_POLICY, { inForce: resolved }).report).toMatchObject({ steps: 5, interpolatedSteps: 2 });
    expect(seriesOnGrid(series, DEFAULT_GRID_POLICY, { inForce: null }).frequency).toBeNull();
  });
});
