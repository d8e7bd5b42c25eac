import { isStale, seriesIsStale } from './staleness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 0, 1);
const hourly = (count: number) => Float64Array.from({ length: count }, (_, h) => T0 + h * HOUR);

describe('series staleness', () => {
  it('an hourly series is stale once its last point is more than N hours old, not at N hours exactly', () => {
    const last = T0 + 10 * HOUR;
    expect(isStale(last, '1h', 'UTC', last + 3 * HOUR - 1, 3)).toBe(false);
    expect(isStale(last, '1h', 'UTC', last + 3 * HOUR, 3)).toBe(false);
    expect(isStale(last, '1h', 'UTC', last + 3 * HOUR + 1, 3)).toBe(true);
    expect(isStale(last, '1h', 'UTC', last + 2 * HOUR, 1)).toBe(true);
  });

  it('counts from the grid step the last point belongs to: a point a few minutes early is its hour, one late is its own', () => {
    const early = T0 + 10 * HOUR - 5 * MINUTE; // within 10% of 10:00: read as 10:00
    expect(isStale(early, '1h', 'UTC', T0 + 13 * HOUR - 1, 3)).toBe(false);
    const late = T0 + 10 * HOUR + 20 * MINUTE; // 10:20 is in the 10:00 step
    expect(isStale(late, '1h', 'UTC', T0 + 13 * HOUR + 1, 3)).toBe(true);
  });

  it('counts calendar steps in the time zone: a monthly series is stale after its months, whatever their length', () => {
    const january = Date.UTC(2024, 0, 1);
    // three months after January is April 1st (91 days across February of a leap year)
    expect(isStale(january, '1M', 'UTC', Date.UTC(2024, 3, 1), 3)).toBe(false);
    expect(isStale(january, '1M', 'UTC', Date.UTC(2024, 3, 1) + 1, 3)).toBe(true);
    // a daily series in Berlin counts local midnights: 2024-03-31 has 23 hours
    const march30Berlin = Date.UTC(2024, 2, 29, 23); // 2024-03-30 00:00 in Berlin
    const april2Berlin = Date.UTC(2024, 3, 1, 22); // 2024-04-02 00:00 in Berlin (summer time)
    expect(isStale(march30Berlin, '1d', 'Europe/Berlin', april2Berlin, 3)).toBe(false);
    expect(isStale(march30Berlin, '1d', 'Europe/Berlin', april2Berlin + 1, 3)).toBe(true);
  });

  it('a point in the future is not stale', () => {
    expect(isStale(T0 + HOUR, '1h', 'UTC', T0, 1)).toBe(false);
  });

  it('applies the rule on the frequency in force: declared, else inferred from the timestamps', () => {
    const timestamps = hourly(24);
    const last = timestamps[23];
    expect(seriesIsStale(timestamps, { frequency: null, timeZone: 'UTC' }, last + 4 * HOUR, 3)).toBe(true);
    expect(seriesIsStale(timestamps, { frequency: null, timeZone: 'UTC' }, last + 2 * HOUR, 3)).toBe(false);
    // declared daily: 4 hours are no step yet
    expect(seriesIsStale(timestamps, { frequency: '1d', timeZone: 'UTC' }, last + 4 * HOUR, 3)).toBe(false);
    expect(seriesIsStale(timestamps, { frequency: '1d', timeZone: 'UTC' }, last + 4 * 24 * HOUR, 3)).toBe(true);
  });

  it('a series without points, or without a frequency to count steps of, is never stale', () => {
    expect(seriesIsStale(new Float64Array(0), { frequency: '1h', timeZone: 'UTC' }, T0 + 1000 * HOUR, 3)).toBe(false);
    expect(seriesIsStale(hourly(2), { frequency: null, timeZone: 'UTC' }, T0 + 1000 * HOUR, 3)).toBe(false);
    expect(seriesIsStale(hourly(24), { frequency: '1h', timeZone: 'Mars/Olympus' }, T0 + 1000 * HOUR, 3)).toBe(false);
  });
});
