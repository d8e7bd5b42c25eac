import { CronExpressionParser } from 'cron-parser';

const DAY_SECONDS = 86_400;

/**
 * The shortest time in seconds between two firings of a valid cron expression (UTC). Its second, minute and hour fields
 * combine as a product, so every day it fires on, it fires at the same times of day: the shortest gap is between two of
 * those times, or from the day's last to the next day's first. That last gap is counted as if every day matched, so a
 * cron limited to some days may be rated more frequent across midnight than it is, never less. At most a day.
 */
export function shortestCronIntervalSeconds(expression: string): number {
  const { second, minute, hour } = CronExpressionParser.parse(expression, { tz: 'UTC' }).fields;
  const times = hour.values
    .flatMap((h) => minute.values.flatMap((m) => second.values.map((s) => h * 3600 + m * 60 + s)))
    .sort((a, b) => a - b);
  let shortest = times[0] + DAY_SECONDS - times[times.length - 1];
  for (let i = 1; i < times.length; i += 1) shortest = Math.min(shortest, times[i] - times[i - 1]);
  return shortest;
}
