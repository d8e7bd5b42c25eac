import { mulberry32 } from '../util/random';
import { formatFrequency } from './frequency';
import { inferFrequency } from './infer-frequency';
import { nextStep } from './time-grid';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 1);

const every = (stepMs: number, n: number, from = T0) => Array.from({ length: n }, (_, i) => from + i * stepMs);
/** The grid instants of a calendar frequency in a zone, n of them from the step holding `from`. */
const calendar = (frequency: string, n: number, timeZone = 'UTC', from = T0) => Array.from({ length: n }, (_, k) => nextStep(from, frequency, timeZone, k));
const inferred = (timestamps: number[], timeZone?: string) => {
  const result = inferFrequency(timestamps, { timeZone });
  return result && { frequency: formatFrequency(result.frequency), confidence: result.confidence };
};

describe('inferFrequency', () => {
  it.each([
    ['1s', SECOND],
    ['10s', 10 * SECOND],
    ['1m', MINUTE],
    ['5m', 5 * MINUTE],
    ['10m', 10 * MINUTE],
    ['15m', 15 * MINUTE],
    ['30m', 30 * MINUTE],
    ['1h', HOUR],
    ['6h', 6 * HOUR],
    ['1d', DAY],
    ['1w', 7 * DAY],
  ])('a regular series every %s is inferred as such, with full confidence', (frequency, stepMs) => {
    expect(inferred(every(stepMs, 200))).toEqual({ frequency, confidence: 1 });
  });

  it('needs at least three distinct timestamps', () => {
    expect(inferFrequency([])).toBeNull();
    expect(inferFrequency([T0])).toBeNull();
    expect(inferFrequency([T0, T0 + HOUR])).toBeNull();
    expect(inferFrequency([T0, T0, T0 + HOUR, T0 + HOUR])).toBeNull();
    expect(inferFrequency([T0, T0 + HOUR, T0 + 2 * HOUR])).toMatchObject({ frequency: { count: 1, unit: 'h' }, gaps: 2 });
  });

  it('tolerates gaps: an hourly series with 40% of its points missing at random is hourly', () => {
    const random = mulberry32(3);
    const kept = every(HOUR, 1000).filter((_, i) => i === 0 || random() > 0.4);
    expect(inferred(kept)).toEqual({ frequency: '1h', confidence: 1 });
  });

  it('tolerates long outages: a 15-minute series with a two-day hole', () => {
    const series = [...every(15 * MINUTE, 300), ...every(15 * MINUTE, 300, T0 + 300 * 15 * MINUTE + 2 * DAY)];
    expect(inferred(series)).toEqual({ frequency: '15m', confidence: 1 });
  });

  it('prefers the divisor that explains every gap: alternating 1 h and 2 h gaps are hourly', () => {
    const series = [T0];
    for (let i = 0; i < 200; i++) series.push(series[series.length - 1] + (i % 5 < 2 ? HOUR : 2 * HOUR));
    expect(inferred(series)).toEqual({ frequency: '1h', confidence: 1 });
  });

  it('tolerates jitter of ±10% of a step on each point', () => {
    const random = mulberry32(11);
    const jittered = every(15 * MINUTE, 1000).map((ts) => ts + (random() * 2 - 1) * 0.1 * 15 * MINUTE);
    expect(inferred(jittered)).toEqual({ frequency: '15m', confidence: 1 });
  });

  it('tolerates a few near-duplicates and exact duplicates', () => {
    const series = every(HOUR, 500);
    for (const i of [10, 50, 51, 300]) series.push(series[i] + 2 * SECOND);
    series.push(series[7], series[8]);
    expect(inferred(series)).toEqual({ frequency: '1h', confidence: 1 });
  });

  it('keeps a short hourly series hourly with one point between two hours (no finer step from a single gap)', () => {
    const series = [0, 1, 2, 3, 6, 7, 8, 9].map((h) => T0 + h * HOUR).concat(T0 + 7 * HOUR + 20 * MINUTE);
    expect(inferred(series)).toEqual({ frequency: '1h', confidence: 0.75 });
  });

  it('reads the timestamps in any order', () => {
    const random = mulberry32(5);
    const shuffled = every(5 * MINUTE, 300).sort(() => random() - 0.5);
    expect(inferred(shuffled)).toEqual({ frequency: '5m', confidence: 1 });
  });

  it('calls local-midnight points across daylight-saving changes daily (23 and 25 hour gaps)', () => {
    expect(inferred(calendar('1d', 400, 'Europe/Berlin'), 'Europe/Berlin')).toEqual({ frequency: '1d', confidence: 1 });
  });

  it('calls business days (no weekends) daily', () => {
    const weekdays = every(DAY, 400).filter((ts) => ![0, 6].includes(new Date(ts).getUTCDay()));
    expect(inferred(weekdays)).toEqual({ frequency: '1d', confidence: 1 });
  });

  it('recognises calendar months from month starts, across leap and common Februaries', () => {
    expect(inferred(calendar('1M', 36))).toEqual({ frequency: '1M', confidence: 1 });
    expect(inferred(calendar('1M', 36, 'Europe/Berlin'), 'Europe/Berlin')).toEqual({ frequency: '1M', confidence: 1 });
  });

  it('recognises month ends (Jan 31 → Feb 29 → Mar 31 → Apr 30 …) and the 15th of each month as monthly', () => {
    const monthEnds = calendar('1M', 24).map((start) => nextStep(start, '1M') - DAY);
    expect(monthEnds.slice(0, 3).map((ms) => new Date(ms).toISOString().slice(0, 10))).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
    expect(inferred(monthEnds)).toEqual({ frequency: '1M', confidence: 1 });
    expect(inferred(calendar('1M', 24).map((start) => start + 14 * DAY + 9 * HOUR))).toEqual({ frequency: '1M', confidence: 1 });
  });

  it('keeps a monthly series monthly with a missing month', () => {
    const months = calendar('1M', 24).filter((_, i) => i !== 5 && i !== 6);
    expect(inferred(months)).toEqual({ frequency: '1M', confidence: 1 });
  });

  it('gives a four-weekly series (drifting through the month) little confidence as monthly', () => {
    const result = inferred(every(28 * DAY, 26));
    expect(result?.frequency).toBe('1M');
    expect(result!.confidence).toBeLessThan(0.3);
  });

  it('recognises quarters and years, leap years included', () => {
    expect(inferred(calendar('1Q', 12))).toEqual({ frequency: '1Q', confidence: 1 });
    expect(inferred(calendar('1Y', 10, 'UTC', Date.UTC(2019, 0, 1)))).toEqual({ frequency: '1Y', confidence: 1 });
    const quarterEnds = calendar('1Q', 12).map((start) => nextStep(start, '1Q') - DAY);
    expect(inferred(quarterEnds)).toEqual({ frequency: '1Q', confidence: 1 });
  });

  it('names the nearest candidate of irregular timestamps, with low confidence', () => {
    const random = mulberry32(9);
    const series = [T0];
    for (let i = 0; i < 300; i++) series.push(series[series.length - 1] + Math.floor(HOUR * (0.3 + 3 * random())));
    const result = inferFrequency(series)!;
    expect(result).not.toBeNull();
    expect(result.confidence).toBeLessThan(0.6);
    // Whole seconds apart, 15.5 to 19 hours: no candidate gets a vote; the nearest to the median gap is named, not 1s
    // (which would explain every gap).
    const seconds = [T0];
    for (let i = 0; i < 300; i++) seconds.push(seconds[seconds.length - 1] + SECOND * Math.round(15.5 * 3600 + 3.5 * 3600 * random()));
    expect(inferred(seconds)?.frequency).toBe('1d');
  });

  it('examines 100,000 timestamps in well under a second', () => {
    const series = every(MINUTE, 100_000);
    const started = performance.now();
    expect(inferred(series)).toEqual({ frequency: '1m', confidence: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
