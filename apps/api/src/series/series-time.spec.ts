import { FREQUENCY_SYNTAX, frequencySchema, seriesSettingsSchema } from '@tsf/contracts';
import { isFrequency } from '@tsf/forecasting';
import { describeSeriesTime } from './series-time';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const hourly = (hours: number[]) => Float64Array.from(hours, (h) => T0 + h * HOUR);

describe('series time', () => {
  it('infers the frequency of a series without a declared one and measures its grid', () => {
    // Hours 0..9 without 4-5, and a second point at 07:20 (its gaps, 20 and 40 minutes, are no whole hours: 6 of 8 are).
    const timestamps = Float64Array.from([...hourly([0, 1, 2, 3, 6, 7, 8, 9]), T0 + 7 * HOUR + 1_200_000].sort((a, b) => a - b));
    expect(describeSeriesTime(timestamps, { frequency: null, timeZone: 'UTC' }, T0 + 10 * HOUR, 3)).toEqual({
      frequency: { value: '1h', source: 'inferred', timeZone: 'UTC', confidence: 0.75 },
      quality: {
        pointsExamined: 9,
        expectedSteps: 10,
        coverage: 0.8,
        missingSteps: 2,
        longestGapSteps: 2,
        longestGapMs: 2 * HOUR,
        offGridPoints: 1,
        duplicatePoints: 1,
        lastPointAgeMs: HOUR,
      },
      stale: false,
    });
  });

  it('is stale once the last point is more than the given number of steps old', () => {
    expect(describeSeriesTime(hourly([0, 1, 2, 3]), { frequency: null, timeZone: 'UTC' }, T0 + 6 * HOUR, 3).stale).toBe(false);
    expect(describeSeriesTime(hourly([0, 1, 2, 3]), { frequency: null, timeZone: 'UTC' }, T0 + 6 * HOUR + 1, 3).stale).toBe(true);
    expect(describeSeriesTime(hourly([0, 1, 2, 3]), { frequency: null, timeZone: 'UTC' }, T0 + 6 * HOUR + 1, 4).stale).toBe(false);
  });

  it('lays the declared frequency in its zone, and does not infer', () => {
    const described = describeSeriesTime(hourly([0, 1, 2, 3]), { frequency: '1d', timeZone: 'Europe/Berlin' }, T0 + 4 * HOUR, 3);
    expect(described.frequency).toEqual({ value: '1d', source: 'declared', timeZone: 'Europe/Berlin', confidence: null });
    // 00:00-03:00 UTC are 01:00-04:00 in Berlin, one day; within 10% of a day (2.4 h) of its midnight are the first two.
    expect(described.quality).toMatchObject({ expectedSteps: 1, coverage: 1, duplicatePoints: 3, offGridPoints: 2 });
  });

  it('has no frequency and no grid facts with too few points to infer from', () => {
    expect(describeSeriesTime(hourly([0, 1]), { frequency: null, timeZone: 'UTC' }, T0 + 2 * HOUR, 3)).toEqual({
      frequency: { value: null, source: null, timeZone: 'UTC', confidence: null },
      quality: {
        pointsExamined: 2,
        expectedSteps: null,
        coverage: null,
        missingSteps: null,
        longestGapSteps: null,
        longestGapMs: null,
        offGridPoints: null,
        duplicatePoints: null,
        lastPointAgeMs: HOUR,
      },
      stale: false,
    });
    expect(describeSeriesTime(new Float64Array(0), { frequency: '1h', timeZone: 'UTC' }, T0, 3).quality).toMatchObject({ pointsExamined: 0, coverage: null, lastPointAgeMs: null });
  });

  it('shows a stored zone this process does not know without laying a grid', () => {
    const described = describeSeriesTime(hourly([0, 1, 2]), { frequency: '1d', timeZone: 'Mars/Olympus' }, T0, 3);
    expect(described.frequency).toMatchObject({ value: '1d', source: 'declared', timeZone: 'Mars/Olympus' });
    expect(described.quality).toMatchObject({ pointsExamined: 3, coverage: null });
  });

  it("the contract's frequency syntax is exactly what libs/forecasting parses", () => {
    const texts = ['1s', '15m', '1h', '24h', '1d', '1w', '1M', '1Q', '1Y', '999Y', '0s', '01h', '1000s', '1ms', '1H', '1y', '', ' 1h', '1.5h', '1'];
    for (const text of texts) {
      expect([text, frequencySchema.safeParse(text).success]).toEqual([text, isFrequency(text)]);
      expect(FREQUENCY_SYNTAX.test(text)).toBe(isFrequency(text));
    }
  });

  it('settings: a known IANA zone, the frequency syntax or null, at least one of them, nothing else', () => {
    expect(seriesSettingsSchema.safeParse({ frequency: '1d', timeZone: 'Europe/Berlin' }).success).toBe(true);
    expect(seriesSettingsSchema.safeParse({ frequency: null }).success).toBe(true);
    expect(seriesSettingsSchema.safeParse({ timeZone: 'UTC' }).success).toBe(true);
    const fieldOf = (body: unknown) => seriesSettingsSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.') || issue.code);
    expect(fieldOf({ frequency: '1 day' })).toEqual(['frequency']);
    expect(fieldOf({ timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(fieldOf({ timeZone: '+01:00' })).toEqual(['timeZone']);
    expect(fieldOf({ timeZone: 'Europe/Berlin\u0000' })).toEqual(['timeZone']);
    expect(fieldOf({})).toEqual(['custom']);
    expect(fieldOf({ frequency: '1h', step: 1 })).toEqual(['unrecognized_keys']);
  });
});
