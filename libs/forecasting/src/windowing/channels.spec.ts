import {
  assertSeriesInput,
  calendarChannels,
  concatWindows,
  extendTimestamps,
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
    const [target, covariate, sin, cos] = inputChannels(input, transforms, ['hourOfDay'], 1);
    expect(Array.from(target)).toEqual([1, -1, 1]);
    expect(Array.from(covariate)).toEqual([1, 3, 5]);
    expect(sin[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 24), 6);
    expect(cos).toHaveLength(3);
    expect(pipeline.restore(transforms.scaleStates())).toEqual(transforms);
  });
});
