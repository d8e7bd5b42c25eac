import { isTimeZone, ZoneClock } from '@tsf/forecasting';
import { z } from 'zod';

/**
 * The instant a zone-less wall-clock time stands for. The wall-clock time comes in as if it were UTC milliseconds;
 * undefined means the zone skips that time (the hour a daylight-saving change jumps over).
 */
export type WallClockZone = (wallMs: number) => number | undefined;

const utc: WallClockZone = (wallMs) => wallMs;

const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** `--time-zone`: UTC (the default), a fixed offset such as +08:00, or an IANA name such as Europe/Berlin. */
export const timeZoneSchema = z.string().transform((name, context): WallClockZone => {
  if (/^(utc|z)$/i.test(name)) return utc;
  const fixed = FIXED_OFFSET.exec(name);
  if (fixed && Number(fixed[2]) <= 23 && Number(fixed[3]) <= 59) {
    const offsetMs = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
    return (wallMs) => wallMs - offsetMs;
  }
  try {
    return ianaZone(name);
  } catch {
    context.addIssue({ code: 'custom', message: `--time-zone: unknown time zone "${name}" (UTC, an offset such as +08:00, or an IANA name such as Europe/Berlin)` });
    return z.NEVER;
  }
});

/**
 * A zone with daylight-saving rules, its offsets from the library's ZoneClock (Intl, the ICU data Node ships). A
 * wall-clock time that occurs twice (clocks turned back) is the later of the two; one the clocks skip is undefined,
 * so the row is reported, not guessed.
 */
function ianaZone(name: string): WallClockZone {
  if (!isTimeZone(name)) throw new RangeError(`unknown time zone ${name}`);
  const clock = ZoneClock.of(name);
  const offsetAt = (instantMs: number): number => clock.offsetAt(instantMs);
  return (wallMs) => {
    const instant = wallMs - offsetAt(wallMs - offsetAt(wallMs));
    return instant + offsetAt(instant) === wallMs ? instant : undefined;
  };
}
