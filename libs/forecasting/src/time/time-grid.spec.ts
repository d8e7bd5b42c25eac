import { InvalidArgumentError } from '../errors';
import { mulberry32 } from '../util/random';
import { floorToGrid, nextStep, timeGrid } from './time-grid';
import { isTimeZone, ZoneClock } from './zone-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in a zone, as `YYYY-MM-DD HH:mm:ss`, straight from Intl. */
function wallClock(ms: number, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(ms);
}

/** The grid instants from the step holding `from`, `n` of them. */
const walk = (from: number, frequency: string, timeZone: string, n: number) => Array.from({ length: n }, (_, k) => nextStep(from, frequency, timeZone, k));

describe('time grid', () => {
  describe('fixed steps (s, m, h)', () => {
    it('floors to the epoch-aligned step and steps by whole multiples', () => {
      const ts = utc('2024-05-01T10:37:12.345Z');
      expect(iso(floorToGrid(ts, '15m'))).toBe('2024-05-01T10:30:00.000Z');
      expect(iso(floorToGrid(ts, '1h'))).toBe('2024-05-01T10:00:00.000Z');
      expect(iso(floorToGrid(ts, '30s'))).toBe('2024-05-01T10:37:00.000Z');
      expect(iso(nextStep(ts, '15m'))).toBe('2024-05-01T10:45:00.000Z');
      expect(iso(nextStep(ts, '15m', 'UTC', 4))).toBe('2024-05-01T11:30:00.000Z');
      expect(iso(nextStep(ts, '15m', 'UTC', 0))).toBe('2024-05-01T10:30:00.000Z');
      expect(iso(nextStep(ts, '15m', 'UTC', -2))).toBe('2024-05-01T10:00:00.000Z');
      expect(iso(floorToGrid(utc('2024-05-01T10:00:00Z'), '1h'))).toBe('2024-05-01T10:00:00.000Z');
    });

    it('stays on the UTC epoch grid in any zone, and before 1970', () => {
      expect(iso(floorToGrid(utc('2024-05-01T10:37:00Z'), '1h', 'Asia/Kolkata'))).toBe('2024-05-01T10:00:00.000Z');
      expect(iso(nextStep(utc('2024-03-31T00:30:00Z'), '1h', 'Europe/Berlin', 3))).toBe('2024-03-31T03:00:00.000Z');
      expect(iso(floorToGrid(utc('1969-12-31T23:59:59Z'), '1h'))).toBe('1969-12-31T23:00:00.000Z');
    });
  });

  describe('days', () => {
    it('are 24 hours in UTC', () => {
      expect(walk(utc('2024-03-30T15:00:00Z'), '1d', 'UTC', 3).map(iso)).toEqual(['2024-03-30T00:00:00.000Z', '2024-03-31T00:00:00.000Z', '2024-04-01T00:00:00.000Z']);
    });

    it('stay at local midnight in Europe/Berlin across both daylight-saving changes (23 and 25 hour days)', () => {
      const spring = walk(utc('2024-03-30T12:00:00Z'), '1d', 'Europe/Berlin', 3);
      expect(spring.map(iso)).toEqual(['2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
      expect(spring[2] - spring[1]).toBe(23 * HOUR);
      const autumn = walk(utc('2024-10-26T12:00:00Z'), '1d', 'Europe/Berlin', 3);
      expect(autumn.map(iso)).toEqual(['2024-10-25T22:00:00.000Z', '2024-10-26T22:00:00.000Z', '2024-10-27T23:00:00.000Z']);
      expect(autumn[2] - autumn[1]).toBe(25 * HOUR);
      for (const instant of [...spring, ...autumn]) expect(wallClock(instant, 'Europe/Berlin')).toMatch(/ 00:00:00$/);
    });

    it('floor the repeated hour of the autumn change into its own day', () => {
      // 2024-10-27 02:30 happens twice in Berlin: at 00:30Z (CEST) and 01:30Z (CET); both are on the 27th.
      expect(iso(floorToGrid(utc('2024-10-27T00:30:00Z'), '1d', 'Europe/Berlin'))).toBe('2024-10-26T22:00:00.000Z');
      expect(iso(floorToGrid(utc('2024-10-27T01:30:00Z'), '1d', 'Europe/Berlin'))).toBe('2024-10-26T22:00:00.000Z');
      expect(iso(floorToGrid(utc('2024-10-26T21:59:59.999Z'), '1d', 'Europe/Berlin'))).toBe('2024-10-25T22:00:00.000Z');
    });

    it('start at the first instant of a day whose midnight was skipped (São Paulo, 2018-11-04 00:00 → 01:00)', () => {
      const days = walk(utc('2018-11-03T12:00:00Z'), '1d', 'America/Sao_Paulo', 3);
      expect(days.map(iso)).toEqual(['2018-11-03T03:00:00.000Z', '2018-11-04T03:00:00.000Z', '2018-11-05T02:00:00.000Z']);
      expect(wallClock(days[1], 'America/Sao_Paulo')).toBe('2018-11-04 01:00:00');
      expect(iso(floorToGrid(utc('2018-11-04T15:00:00Z'), '1d', 'America/Sao_Paulo'))).toBe('2018-11-04T03:00:00.000Z');
    });

    it('follow a half-hour zone and the southern hemisphere', () => {
      expect(iso(floorToGrid(utc('2024-05-01T10:00:00Z'), '1d', 'Asia/Kolkata'))).toBe('2024-04-30T18:30:00.000Z');
      // Sydney leaves daylight saving on 2024-04-07 (03:00 AEDT → 02:00 AEST): that day has 25 hours.
      const days = walk(utc('2024-04-07T02:00:00Z'), '1d', 'Australia/Sydney', 2);
      expect(days[1] - days[0]).toBe(25 * HOUR);
    });

    it('count multiples from 1970-01-01 in the zone', () => {
      expect(iso(floorToGrid(utc('1970-01-02T12:00:00Z'), '2d'))).toBe('1970-01-01T00:00:00.000Z');
      expect(iso(floorToGrid(utc('1970-01-03T12:00:00Z'), '2d'))).toBe('1970-01-03T00:00:00.000Z');
      expect(iso(nextStep(utc('2024-01-01T12:00:00Z'), '7d', 'UTC', 1) - floorToGrid(utc('2024-01-01T12:00:00Z'), '7d'))).toBe(iso(7 * DAY));
    });

    it('keep floor ≤ ts < next step at local midnight for random instants over several years (property)', () => {
      const random = mulberry32(7);
      const from = utc('2019-01-01T00:00:00Z');
      for (let i = 0; i < 2000; i++) {
        const ts = Math.floor(from + random() * 6 * 365 * DAY);
        const floor = floorToGrid(ts, '1d', 'Europe/Berlin');
        const next = nextStep(ts, '1d', 'Europe/Berlin');
        expect(floor).toBeLessThanOrEqual(ts);
        expect(next).toBeGreaterThan(ts);
        expect([23 * HOUR, 24 * HOUR, 25 * HOUR]).toContain(next - floor);
        expect(wallClock(floor, 'Europe/Berlin')).toMatch(/ 00:00:00$/);
        expect(wallClock(floor, 'Europe/Berlin').slice(0, 10)).toBe(wallClock(ts, 'Europe/Berlin').slice(0, 10));
      }
    });
  });

  describe('weeks', () => {
    it('start on Monday at local midnight, a 167-hour week across the spring change', () => {
      const weeks = walk(utc('2024-03-27T12:00:00Z'), '1w', 'Europe/Berlin', 3);
      expect(weeks.map((ms) => wallClock(ms, 'Europe/Berlin'))).toEqual(['2024-03-25 00:00:00', '2024-04-01 00:00:00', '2024-04-08 00:00:00']);
      expect(weeks[1] - weeks[0]).toBe(167 * HOUR);
      expect(new Date(floorToGrid(utc('2024-05-19T23:59:59Z'), '1w')).getUTCDay()).toBe(1);
      expect(iso(floorToGrid(utc('2024-05-20T00:00:00Z'), '1w'))).toBe('2024-05-20T00:00:00.000Z');
    });

    it('count two-week steps from Monday 1969-12-29', () => {
      expect(iso(floorToGrid(utc('1970-01-11T00:00:00Z'), '2w'))).toBe('1969-12-29T00:00:00.000Z');
      expect(iso(floorToGrid(utc('1970-01-12T00:00:00Z'), '2w'))).toBe('1970-01-12T00:00:00.000Z');
    });
  });

  describe('months, quarters and years', () => {
    it('go from month start to month start, whatever the month length (leap February included)', () => {
      expect(walk(utc('2024-01-31T12:00:00Z'), '1M', 'UTC', 4).map(iso)).toEqual([
        '2024-01-01T00:00:00.000Z',
        '2024-02-01T00:00:00.000Z',
        '2024-03-01T00:00:00.000Z',
        '2024-04-01T00:00:00.000Z',
      ]);
      expect(nextStep(utc('2024-02-15T00:00:00Z'), '1M') - floorToGrid(utc('2024-02-15T00:00:00Z'), '1M')).toBe(29 * DAY);
      expect(nextStep(utc('2023-02-15T00:00:00Z'), '1M') - floorToGrid(utc('2023-02-15T00:00:00Z'), '1M')).toBe(28 * DAY);
      expect(iso(nextStep(utc('2024-12-10T00:00:00Z'), '1M'))).toBe('2025-01-01T00:00:00.000Z');
      expect(iso(nextStep(utc('2024-03-10T00:00:00Z'), '1M', 'UTC', -3))).toBe('2023-12-01T00:00:00.000Z');
    });

    it('month ends Jan 31 → Feb 29 → Mar 31 fall in their own months', () => {
      const grid = timeGrid('1M');
      const indexes = ['2024-01-31', '2024-02-29', '2024-03-31'].map((day) => grid.indexOf(utc(`${day}T00:00:00Z`)));
      expect(indexes[1] - indexes[0]).toBe(1);
      expect(indexes[2] - indexes[1]).toBe(1);
      expect(iso(grid.instant(indexes[1]))).toBe('2024-02-01T00:00:00.000Z');
    });

    it('start at local midnight on the 1st in the zone (one hour less in the month clocks go forward)', () => {
      const months = walk(utc('2024-03-15T00:00:00Z'), '1M', 'Europe/Berlin', 2);
      expect(months.map(iso)).toEqual(['2024-02-29T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
      expect(months[1] - months[0]).toBe(31 * DAY - HOUR);
      expect(iso(floorToGrid(utc('2024-03-31T22:30:00Z'), '1M', 'Europe/Berlin'))).toBe('2024-03-31T22:00:00.000Z');
    });

    it('quarters start in January, April, July and October; 6M in January and July; years on January 1st', () => {
      expect(walk(utc('2024-02-10T00:00:00Z'), '1Q', 'UTC', 5).map((ms) => iso(ms).slice(0, 10))).toEqual(['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01']);
      expect(iso(floorToGrid(utc('2024-09-30T23:59:59Z'), '6M'))).toBe('2024-07-01T00:00:00.000Z');
      expect(iso(floorToGrid(utc('2024-09-30T00:00:00Z'), '3M'))).toBe(iso(floorToGrid(utc('2024-09-30T00:00:00Z'), '1Q')));
      const years = walk(utc('2023-06-01T00:00:00Z'), '1Y', 'UTC', 3);
      expect(years.map((ms) => iso(ms).slice(0, 10))).toEqual(['2023-01-01', '2024-01-01', '2025-01-01']);
      expect(years[2] - years[1]).toBe(366 * DAY);
      expect(years[1] - years[0]).toBe(365 * DAY);
      expect(iso(floorToGrid(utc('1969-07-20T20:17:00Z'), '1Y'))).toBe('1969-01-01T00:00:00.000Z');
      expect(iso(floorToGrid(utc('2024-07-20T00:00:00Z'), '1Y', 'America/New_York'))).toBe('2024-01-01T05:00:00.000Z');
    });
  });

  describe('zones', () => {
    it('knows IANA zones and UTC, and refuses others', () => {
      expect(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata'].every(isTimeZone)).toBe(true);
      expect(['Mars/Olympus', 'CEST+1', '', 'Europe/Berlin\u0000'].some(isTimeZone)).toBe(false);
      expect(() => floorToGrid(0, '1d', 'Mars/Olympus')).toThrow(InvalidArgumentError);
      expect(() => floorToGrid(0, '1x')).toThrow(InvalidArgumentError);
    });

    it('reads offsets, and resolves skipped and repeated wall times as Temporal does (compatible)', () => {
      const berlin = ZoneClock.of('Europe/Berlin');
      expect(berlin.offsetAt(utc('2024-01-15T00:00:00Z'))).toBe(HOUR);
      expect(berlin.offsetAt(utc('2024-07-15T00:00:00Z'))).toBe(2 * HOUR);
      expect(berlin.offsetAt(utc('2024-03-31T00:59:59Z'))).toBe(HOUR);
      expect(berlin.offsetAt(utc('2024-03-31T01:00:00Z'))).toBe(2 * HOUR);
      // 02:30 on the spring day does not exist: it is read as 03:30 CEST; 02:30 on the autumn day is its first occurrence.
      expect(iso(berlin.fromLocal(utc('2024-03-31T02:30:00Z')))).toBe('2024-03-31T01:30:00.000Z');
      expect(iso(berlin.fromLocal(utc('2024-10-27T02:30:00Z')))).toBe('2024-10-27T00:30:00.000Z');
      expect(iso(berlin.fromLocal(utc('2024-06-01T12:00:00Z')))).toBe('2024-06-01T10:00:00.000Z');
      expect(ZoneClock.of('UTC').offsetAt(123)).toBe(0);
    });

    it.each(['Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Pacific/Apia'])(
      'learns the offset changes of %s: every offset agrees with Intl from 1900 to 2100 (property)',
      (timeZone) => {
        const clock = ZoneClock.of(timeZone);
        const random = mulberry32(13);
        const from = utc('1900-01-01T00:00:00Z');
        const span = utc('2100-01-01T00:00:00Z') - from;
        // Backwards and forwards from a first instant in the middle, then everywhere.
        for (const ts of [utc('2000-06-01T00:00:00Z'), from, from + span, ...Array.from({ length: 3000 }, () => from + Math.floor(random() * span))]) {
          const wall = wallClock(ts, timeZone);
          expect(new Date(clock.toLocal(ts)).toISOString().slice(0, 19).replace('T', ' ')).toBe(wall);
        }
      },
    );
  });
});
