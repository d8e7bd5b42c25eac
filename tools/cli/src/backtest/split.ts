import { DatasetError, type SplitSeries } from '@tsf/forecasting';

/** `2016-07-01`, `2016-07-01 00:00`, `2016-07-01T00:00:00.5`: a date or date-time without a zone. */
const ZONELESS = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

/**
 * A date-time as epoch milliseconds (NaN when it is none). A stamp without a zone, such as ETTh1's
 * `2016-07-01 00:00:00` or the option `2017-06-26`, is read as UTC, so that options and file stamps compare alike
 * whatever the machine's time zone.
 */
export function stampTime(stamp: string): number {
  const zoneless = ZONELESS.exec(stamp.trim());
  return zoneless === null ? Date.parse(stamp) : Date.parse(`${zoneless[1]}T${zoneless[2] ?? '00:00'}Z`);
}

/** A series' stamps as epoch milliseconds; one that is not a date-time is a DatasetError naming the file and what needs it. */
export function stampTimes(series: { readonly key: string; readonly stamps: readonly string[] }, file: string, neededBy: string): number[] {
  return series.stamps.map((stamp) => {
    const time = stampTime(stamp);
    if (!Number.isFinite(time)) throw new DatasetError(`series ${series.key}: timestamp "${stamp}" is not a date-time, which ${neededBy} needs`, file);
    return time;
  });
}

/** The fixed split's dates (`--train-until`, `--test-from`, `--test-until`), as given. */
export interface SplitDates {
  readonly trainUntil: string;
  readonly testFrom?: string;
  readonly testUntil?: string;
}

/**
 * A series' split boundaries from its stamps (ascending): training before `trainUntil`, origins from `testFrom`
 * (default `trainUntil`), actual values before `testUntil` (default: to the end). A stamp that is not a date-time is a
 * DatasetError naming the file.
 */
export function splitSeries(
  series: { readonly key: string; readonly values: ArrayLike<number>; readonly stamps: readonly string[] },
  dates: SplitDates,
  file: string,
): SplitSeries {
  const times = stampTimes(series, file, '--train-until');
  /** Index of the first stamp at or after `date` (the length when none is). */
  const indexOf = (date: string) => {
    const time = stampTime(date);
    const index = times.findIndex((t) => t >= time);
    return index === -1 ? times.length : index;
  };
  return {
    key: series.key,
    values: series.values,
    trainEnd: indexOf(dates.trainUntil),
    testStart: indexOf(dates.testFrom ?? dates.trainUntil),
    testEnd: dates.testUntil === undefined ? times.length : indexOf(dates.testUntil),
  };
}
