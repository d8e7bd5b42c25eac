/**
 * A series' frequency: `<n><unit>`, n from 1 to 999. `s`, `m` and `h` are fixed durations on a grid aligned on the
 * Unix epoch; `d`, `w` (weeks from Monday), `M` (months), `Q` (quarters from January) and `Y` (years) are calendar
 * steps, aligned in a time zone (a day is 23 or 25 hours across a daylight-saving change; in UTC it is 24 h exactly).
 */
import { InvalidArgumentError } from '../errors';

export const FREQUENCY_UNITS = ['s', 'm', 'h', 'd', 'w', 'M', 'Q', 'Y'] as const;
export type FrequencyUnit = (typeof FREQUENCY_UNITS)[number];

export interface Frequency {
  /** Steps of `unit` per grid step, 1 to 999. */
  readonly count: number;
  readonly unit: FrequencyUnit;
}

/** The syntax, also enforced by the API's contract and the database's CHECK on series.frequency. */
export const FREQUENCY_PATTERN = /^([1-9][0-9]{0,2})(s|m|h|d|w|M|Q|Y)$/;

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Length of one unit: exact for s, m, h (and d, w in UTC); the mean Gregorian length for M, Q, Y. */
const UNIT_NOMINAL_MS: Record<FrequencyUnit, number> = {
  s: SECOND_MS,
  m: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  w: 7 * DAY_MS,
  M: (365.2425 / 12) * DAY_MS,
  Q: (365.2425 / 4) * DAY_MS,
  Y: 365.2425 * DAY_MS,
};

/** Months per step of each month-based unit. */
export const MONTHS_PER_UNIT: Partial<Record<FrequencyUnit, number>> = { M: 1, Q: 3, Y: 12 };

export function isFrequency(text: string): boolean {
  return FREQUENCY_PATTERN.test(text);
}

/** `15m` → { count: 15, unit: 'm' }; anything else throws InvalidArgumentError. */
export function parseFrequency(text: string): Frequency {
  const match = FREQUENCY_PATTERN.exec(text);
  if (!match) throw new InvalidArgumentError(`invalid frequency "${text}": expected <n><unit>, n 1-999, unit one of ${FREQUENCY_UNITS.join(' ')}`);
  return { count: Number(match[1]), unit: match[2] as FrequencyUnit };
}

export function formatFrequency(frequency: Frequency): string {
  return `${frequency.count}${frequency.unit}`;
}

/** The length of one step; for calendar units the mean one (a month of 30.44 days), for comparisons only. */
export function nominalStepMs(frequency: Frequency): number {
  return frequency.count * UNIT_NOMINAL_MS[frequency.unit];
}

/** Seconds, minutes and hours: a constant step on the epoch-aligned grid whatever the time zone. */
export function isSubDaily(frequency: Frequency): boolean {
  return frequency.unit === 's' || frequency.unit === 'm' || frequency.unit === 'h';
}
