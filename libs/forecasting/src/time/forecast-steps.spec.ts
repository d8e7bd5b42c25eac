import { forecastSteps, frequencyInForce } from './forecast-steps';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string) => Date.parse(iso);
const isos = (instants: number[]) => instants.map((ms) => new Date(ms).toISOString());

describe('forecast steps', () => {
  it('continue the hourly grid after a gap: the next hours after the last point, not a median gap', () => {
    const steps = forecastSteps(utc('2024-05-01T17:00:00Z'), 3, { frequency: '1h', fallbackStepMs: 5 * HOUR });
    expect(isos(steps.instants)).toEqual(['2024-05-01T18:00:00.000Z', '2024-05-01T19:00:00.000Z', '2024-05-01T20:00:00.000Z']);
    expect(steps.origin).toBe(utc('2024-05-01T17:00:00Z'));
  });

  it('a monthly series in Europe/Berlin steps to month starts at local midnight, across DST changes', () => {
    // the last point: 1 Feb 2024 00:00 in Berlin (CET, UTC+1)
    const steps = forecastSteps(utc('2024-01-31T23:00:00Z'), 4, { frequency: '1M', timeZone: 'Europe/Berlin', fallbackStepMs: 31 * DAY });
    // March 1 is still CET; April 1 and May 1 are CEST (UTC+2) after the change on 31 March
    expect(isos(steps.instants)).toEqual(['2024-02-29T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-30T22:00:00.000Z', '2024-05-31T22:00:00.000Z']);
  });

  it('a last point 7 minutes off an hourly grid is read as its hour: the forecast is on the grid', () => {
    const late = forecastSteps(utc('2024-05-01T10:07:00Z'), 2, { frequency: '1h', fallbackStepMs: HOUR });
    expect(isos(late.instants)).toEqual(['2024-05-01T11:00:00.000Z', '2024-05-01T12:00:00.000Z']);
    expect(late.origin).toBe(utc('2024-05-01T10:00:00Z'));
    // 5 minutes early (within 10% of a step) is the next hour's point, so the forecast starts an hour after that
    const early = forecastSteps(utc('2024-05-01T10:55:00Z'), 1, { frequency: '1h', fallbackStepMs: HOUR });
    expect(isos(early.instants)).toEqual(['2024-05-01T12:00:00.000Z']);
  });

  it('without a frequency, fall back to steps of the given spacing from the last point', () => {
    const last = utc('2024-05-01T10:07:00Z');
    expect(forecastSteps(last, 3, { frequency: null, fallbackStepMs: 90_000 })).toEqual({ origin: last, instants: [last + 90_000, last + 180_000, last + 270_000] });
  });

  it('a daily series declared in Europe/Berlin steps to local midnights (23 h across the spring change)', () => {
    const steps = forecastSteps(utc('2024-03-29T23:00:00Z'), 3, { frequency: '1d', timeZone: 'Europe/Berlin', fallbackStepMs: DAY });
    expect(isos(steps.instants)).toEqual(['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-01T22:00:00.000Z']);
  });

  describe('the frequency in force', () => {
    const hourly = [0, 1, 2, 5, 6].map((h) => utc('2024-05-01T00:00:00Z') + h * HOUR);

    it('is the declared one, else the one inferred from the timestamps', () => {
      expect(frequencyInForce('1d', hourly, 'UTC')).toMatchObject({ text: '1d', source: 'declared' });
      expect(frequencyInForce(null, hourly, 'UTC')).toMatchObject({ text: '1h', source: 'inferred' });
    });

    it('is none with fewer than 3 timestamps or a zone this process does not know', () => {
      expect(frequencyInForce(null, hourly.slice(0, 2), 'UTC')).toBeNull();
      expect(frequencyInForce('1d', hourly, 'Mars/Olympus_Mons')).toBeNull();
    });
  });
});
