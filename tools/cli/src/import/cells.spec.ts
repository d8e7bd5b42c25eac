import { parseTimestampCell, parseValueCell } from './cells';
import { timeZoneSchema } from './time-zone';

const zone = (name: string) => timeZoneSchema.parse(name);
const utc = zone('UTC');

describe('import cells', () => {
  describe('timestamps', () => {
    const originalTz = process.env.TZ;
    afterEach(() => {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    });

    it('a stamp without a zone is UTC whatever the machine\'s local zone is', () => {
      process.env.TZ = 'Asia/Shanghai';
      expect(parseTimestampCell('2016-07-01 00:00:00', utc)).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) });
      expect(parseTimestampCell('2016-07-01T01:30', utc)).toEqual({ ok: true, value: Date.UTC(2016, 6, 1, 1, 30) });
      expect(parseTimestampCell('2016-07-01', utc)).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) });
    });

    it('a stamp with a zone or offset keeps it, and digits are epoch milliseconds', () => {
      expect(parseTimestampCell('2016-07-01T08:00:00+08:00', zone('Europe/Berlin'))).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) });
      expect(parseTimestampCell('2016-07-01T00:00:00.250Z', utc)).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) + 250 });
      expect(parseTimestampCell('1467331200000', zone('+08:00'))).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) });
    });

    it('--time-zone places zone-less stamps: a fixed offset, or an IANA zone with its daylight-saving rules', () => {
      expect(parseTimestampCell('2016-07-01 08:00:00', zone('+08:00'))).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) });
      expect(parseTimestampCell('2016-07-01 08:00:00', zone('Asia/Shanghai'))).toEqual({ ok: true, value: Date.UTC(2016, 6, 1) });
      expect(parseTimestampCell('2024-07-01 12:00', zone('Europe/Berlin'))).toEqual({ ok: true, value: Date.UTC(2024, 6, 1, 10) });
      expect(parseTimestampCell('2024-01-15 12:00', zone('Europe/Berlin'))).toEqual({ ok: true, value: Date.UTC(2024, 0, 15, 11) });
    });

    it('a wall-clock time that occurs twice is the later one; one the clocks skip is a bad row', () => {
      // Europe/Berlin: 2024-10-27 03:00 CEST back to 02:00 CET; 2024-03-31 02:00 CET forward to 03:00 CEST
      expect(parseTimestampCell('2024-10-27 02:30', zone('Europe/Berlin'))).toEqual({ ok: true, value: Date.UTC(2024, 9, 27, 1, 30) });
      expect(parseTimestampCell('2024-03-31 02:30', zone('Europe/Berlin'))).toEqual({
        ok: false,
        reason: 'timestamp "2024-03-31 02:30" does not exist in the time zone (the clocks skip it)',
      });
    });

    it('refuses what ingestion refuses, quoting the cell as written', () => {
      expect(parseTimestampCell('yesterday', utc)).toEqual({ ok: false, reason: 'unparseable timestamp "yesterday"' });
      expect(parseTimestampCell('', utc)).toEqual({ ok: false, reason: 'unparseable timestamp ""' });
      expect(parseTimestampCell('99999999999999', utc)).toEqual({ ok: false, reason: 'timestamp 99999999999999 is outside 1900..2200' });
      expect(parseTimestampCell('1850-01-01 00:00', utc)).toEqual({ ok: false, reason: 'timestamp "1850-01-01 00:00" is outside 1900..2200' });
    });

    it('an unknown --time-zone is refused by name', () => {
      expect(timeZoneSchema.safeParse('Mars/Olympus').error?.issues[0].message).toBe(
        '--time-zone: unknown time zone "Mars/Olympus" (UTC, an offset such as +08:00, or an IANA name such as Europe/Berlin)',
      );
    });
  });

  describe('values', () => {
    it('reads decimal numbers and refuses anything else, non-finite ones by the contract\'s reason', () => {
      expect(parseValueCell('30.5310001373291')).toEqual({ ok: true, value: 30.5310001373291 });
      expect(parseValueCell('-1.5e3')).toEqual({ ok: true, value: -1500 });
      expect(parseValueCell('abc')).toEqual({ ok: false, reason: 'value "abc" is not a number' });
      expect(parseValueCell('NaN')).toEqual({ ok: false, reason: 'value "NaN" is not a number' });
      expect(parseValueCell('0x10')).toEqual({ ok: false, reason: 'value "0x10" is not a number' });
      expect(parseValueCell('1e999')).toEqual({ ok: false, reason: 'value is not finite' });
    });
  });
});
