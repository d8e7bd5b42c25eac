import {
  assertSeriesInput,
  calendarChannels,
  concatWindows,
  extendTimestamps,
  futureTimestamps,
  inputChannels,
  InvalidArgumentError,
  makeChannelWindows,
  makeWindows,
  targetWidth,
  TransformPipeline,
} from '../index';

const HOUR = 3_600_000;
/** Sunday 2024-01-07 00:00 UTC. */
const SUNDAY = Date.UTC(2024, 0, 7);

describe('multichannel windows', () => {
  it('lays inputs out [window][step][channel] and targets [window][step][target channel]', () => {
    const target = [0, 1, 2, 3, 4, 5];
    const covariate = [10, 11, 12, 13, 14, 15];
    const w = makeChannelWindows([target, covariate], { lookback: 2, horizon: 2, targetChannels: 2 });
    expect(w).toMatchObject({ count: 3, lookback: 2, horizon: 2, features: 2, targetChannels: 2 });
    expect(Array.from(w.inputs.subarray(0, 4))).toEqual([0, 10, 1, 11]);
    expect(Array.from(w.targets.subarray(0, 4))).toEqual([2, 12, 3, 13]);
    expect(Array.from(w.targets.subarray(8))).toEqual([4, 14, 5, 15]);
    expect(targetWidth(w)).toBe(4);
    const univariate = makeChannelWindows([target, covariate], { lookback: 2, horizon: 2 });
    expect(Array.from(univariate.targets)).toEqual([2, 3, 3, 4, 4, 5]);
    // one channel is exactly the univariate window layout
    const single = makeChannelWindows([target], { lookback: 3, horizon: 1 });
    const classic = makeWindows(target, { lookback: 3, horizon: 1 });
    expect(Array.from(single.inputs)).toEqual(Array.from(classic.inputs));
    expect(Array.from(single.targets)).toEqual(Array.from(classic.targets));
    expect(() => makeChannelWindows([target, [1, 2]], { lookback: 2, horizon: 1 })).toThrow('channel 1 has 2 values; channel 0 has 6');
    expect(() => makeChannelWindows([target], { lookback: 2, horizon: 1, targetChannels: 2 })).toThrow(/targetChannels must be an integer in \[1, 1\]/);
  });

  it('concatenates windows of several series in order', () => {
    const a = makeChannelWindows([[1, 2, 3, 4]], { lookback: 2, horizon: 1 });
    const b = makeChannelWindows([[5, 6, 7]], { lookback: 2, horizon: 1 });
    const both = concatWindows([a, b]);
    expect(both.count).toBe(3);
    expect(Array.from(both.inputs)).toEqual([1, 2, 2, 3, 5, 6]);
    expect(Array.from(both.targets)).toEqual([3, 4, 7]);
    expect(() => concatWindows([a, makeChannelWindows([[1, 2, 3, 4]], { lookback: 1, horizon: 1 })])).toThrow(/differ/);
  });
});

describe('calendar features', () => {
  it('encodes hour of day and day of week (UTC) as sin/cos pairs', () => {
    const [hourSin, hourCos, daySin, dayCos] = calendarChannels([SUNDAY, SUNDAY + 6 * HOUR, SUNDAY + 36 * HOUR], ['hourOfDay', 'dayOfWeek']);
    expect(hourSin[0]).toBeCloseTo(0, 6);
    expect(hourCos[0]).toBeCloseTo(1, 6);
    expect(hourSin[1]).toBeCloseTo(1, 6); // 06:00 is a quarter of the day
    expect(hourCos[2]).toBeCloseTo(-1, 6); // Monday 12:00
    expect(daySin[0]).toBeCloseTo(0, 6); // Sunday 00:00 starts the week
    expect(dayCos[0]).toBeCloseTo(1, 6);
    const angle = (2 * Math.PI * 1.5) / 7; // Monday 12:00 is 1.5 days into the week
    expect(daySin[2]).toBeCloseTo(Math.sin(angle), 6);
    expect(dayCos[2]).toBeCloseTo(Math.cos(angle), 6);
  });

  it('continues timestamps at their last spacing', () => {
    expect(extendTimestamps([0, 10, 30], 3)).toEqual([50, 70, 90]);
    expect(() => extendTimestamps([5], 1)).toThrow(/at least two timestamps/);
  });

  it('takes the forecast steps from the grid instants given, continued at their spacing where they run out', () => {
    expect(futureTimestamps([0, 10], [25, 45], 2)).toEqual([25, 45]);
    expect(futureTimestamps([0, 10], [25, 45], 4)).toEqual([25, 45, 65, 85]);
    expect(futureTimestamps([0, 10], [25], 2)).toEqual([25, 40]);
    expect(futureTimestamps([0, 10], undefined, 2)).toEqual([20, 30]);
  });

  /** The hour of day a (sin, cos) pair encodes. */
  const hourOf = (sin: number, cos: number) => Math.round((((Math.atan2(sin, cos) / (2 * Math.PI)) * 24 + 24) % 24) * 1000) / 1000;

  it('reads the hour of day on the series’ wall clock: Berlin across both DST changes', () => {
    // 2024-03-31 00:00 UTC (01:00 CET) hourly through the spring change at 01:00 UTC, and around the autumn change.
    const spring = Array.from({ length: 4 }, (_, k) => Date.UTC(2024, 2, 31, k));
    const autumn = Array.from({ length: 4 }, (_, k) => Date.UTC(2024, 9, 27, k));
    const [sin, cos] = calendarChannels([...spring, ...autumn], ['hourOfDay'], 'Europe/Berlin');
    const hours = Array.from(sin, (s, i) => hourOf(s, cos[i]));
    expect(hours).toEqual([1, 3, 4, 5, 2, 2, 3, 4]); // 02:00 is skipped in March; 02:00 comes twice in October
    const [utcSin, utcCos] = calendarChannels(spring, ['hourOfDay']);
    expect(Array.from(utcSin, (s, i) => hourOf(s, utcCos[i]))).toEqual([0, 1, 2, 3]); // UTC stays the default
    // a whole summer day in Berlin: local 00:00 is 22:00 UTC the day before
    const [midnightSin, midnightCos] = calendarChannels([Date.UTC(2024, 6, 14, 22)], ['hourOfDay', 'dayOfWeek'], 'Europe/Berlin');
    expect(hourOf(midnightSin[0], midnightCos[0])).toBe(0);
    const [, , daySin, dayCos] = calendarChannels([Date.UTC(2024, 6, 14, 22)], ['hourOfDay', 'dayOfWeek'], 'Europe/Berlin');
    expect(daySin[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 6); // Monday 00:00 local, one day into the week
    expect(dayCos[0]).toBeCloseTo(Math.cos((2 * Math.PI) / 7), 6);
    expect(() => calendarChannels(spring, ['hourOfDay'], 'Mars/Olympus')).toThrow(InvalidArgumentError);
  });

  it('encodes the month of the year and the day of the month by their true lengths, in the zone', () => {
    const positionOf = (sin: number, cos: number) => ((Math.atan2(sin, cos) / (2 * Math.PI)) + 1) % 1;
    const starts = [0, 3, 6, 9].map((month) => Date.UTC(2024, month, 1));
    const [monthSin, monthCos] = calendarChannels(starts, ['month']);
    expect(Array.from(monthSin, (s, i) => positionOf(s, monthCos[i]))).toEqual([0, 0.25, 0.5, 0.75].map((p) => expect.closeTo(p, 6)));
    // mid-February of a leap year: 14.5 of its 29 days
    const [, , daySin, dayCos] = calendarChannels([Date.UTC(2024, 1, 15, 12)], ['month', 'dayOfMonth']);
    expect(positionOf(daySin[0], dayCos[0])).toBeCloseTo(14.5 / 29, 6);
    // 23:00 UTC on January 31 is February 1, 00:00 in Berlin
    const [berlinSin, berlinCos] = calendarChannels([Date.UTC(2024, 0, 31, 23)], ['month'], 'Europe/Berlin');
    expect(positionOf(berlinSin[0], berlinCos[0])).toBeCloseTo(1 / 12, 6);
  });

  it('marks holidays and their eves on the local date of the zone, across midnight local and UTC', () => {
    const holidays = ['2024-07-15', '2024-12-25'];
    const instants = [
      Date.UTC(2024, 6, 10, 12), // an ordinary day
      Date.UTC(2024, 6, 14, 21, 59), // 23:59 on July 14 in Berlin (CEST): the eve
      Date.UTC(2024, 6, 14, 22), // 00:00 on July 15 in Berlin, still July 14 in UTC
      Date.UTC(2024, 6, 15, 21, 59), // 23:59 on July 15 in Berlin
      Date.UTC(2024, 6, 15, 22), // 00:00 on July 16 in Berlin, still July 15 in UTC
      Date.UTC(2024, 11, 24, 22, 59), // 23:59 on December 24 in Berlin (CET): the eve
      Date.UTC(2024, 11, 24, 23), // 00:00 on December 25 in Berlin
    ];
    const [hourSin, , day, eve] = calendarChannels(instants, ['hourOfDay', 'holiday'], 'Europe/Berlin', holidays);
    expect(Array.from(day)).toEqual([0, 0, 1, 1, 0, 0, 1]);
    expect(Array.from(eve)).toEqual([0, 1, 0, 0, 0, 1, 0]);
    expect(hourSin[2]).toBeCloseTo(0, 6); // the other features keep their places
    const [utcDay, utcEve] = calendarChannels(instants, ['holiday'], 'UTC', holidays);
    expect(Array.from(utcDay)).toEqual([0, 0, 0, 1, 1, 0, 0]);
    expect(Array.from(utcEve)).toEqual([0, 1, 1, 0, 0, 1, 1]);
    expect(() => calendarChannels(instants, ['holiday'])).toThrow("the 'holiday' calendar feature needs a list of holidays");
  });
});

describe('series inputs', () => {
  const channels = { covariates: 1, calendar: ['hourOfDay'] as const };
  const timestamps = [0, HOUR, 2 * HOUR, 3 * HOUR];

  it('checks timestamps and covariates against what the model takes', () => {
    const ok = { values: [1, 2, 3, 4], timestamps, covariates: [[5, 6, 7, 8]] };
    expect(() => assertSeriesInput('series', ok, channels)).not.toThrow();
    const check = (input: object) => () => assertSeriesInput('series', { ...ok, ...input }, channels);
    expect(check({ timestamps: undefined })).toThrow('series: timestamps are required for the calendar features (hourOfDay)');
    expect(check({ timestamps: [0, 1, 2] })).toThrow('series: 3 timestamps for 4 values');
    expect(check({ timestamps: [0, 2, 2, 3] })).toThrow('series timestamps must increase (index 2)');
    expect(check({ covariates: [] })).toThrow('series: the model takes 1 covariate series; got 0');
    expect(check({ covariates: [[1, 2]] })).toThrow('series: covariate 0 has 2 values for 4 values of the series');
    expect(check({ covariates: [[1, NaN, 3, 4]] })).toThrow(InvalidArgumentError);
    expect(check({ covariates: [[1, NaN, 3, 4]] })).toThrow('series covariate 0[1] is not a finite number (NaN)');
    expect(() => assertSeriesInput('series', { ...ok, covariates: [[1, NaN, 3, 4]] }, channels, 2)).not.toThrow();
  });

  it('scales the target and each covariate by its own statistics, then appends calendar channels', () => {
    const input = { values: [1, 3, 1, 3], timestamps, covariates: [[100, 300, 500, 700]] };
    const pipeline = new TransformPipeline(undefined, 1);
    const transforms = pipeline.fit(input, 2);
    expect(transforms.channel(0).scale).toMatchObject({ mean: 2, std: 1 });
    expect(transforms.channel(1).scale).toMatchObject({ mean: 200, std: 100 });
    const [target, covariate, sin, cos] = inputChannels(input, transforms, { calendar: ['hourOfDay'] }, 1);
    expect(Array.from(target)).toEqual([1, -1, 1]);
    expect(Array.from(covariate)).toEqual([1, 3, 5]);
    expect(sin[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 24), 6);
    expect(cos).toHaveLength(3);
    expect(pipeline.restore(transforms.scaleStates())).toEqual(transforms);
  });
});
