/**
 * Wall-clock time in an IANA time zone, from the platform's Intl data (no time-zone database of our own). Each clock
 * learns its zone's offset changes over the span it is asked about, sampling every 2 days and bisecting to the
 * second where the offset differs (no zone changes its offset and back within 2 days), so a walk over 100,000
 * points costs a few Intl calls per 2 days of span, once per process, and a binary search per point after that.
 */
import { InvalidArgumentError } from '../errors';
import { DAY_MS } from './frequency';

const SAMPLE_MS = 2 * DAY_MS;
/** The span a clock learns (beyond it offsets are read from Intl one by one): 1900–2200 and more. */
const MAX_LEARNED_MS = 400 * 366 * DAY_MS;
const MAX_CACHED_ZONES = 500;

const mod = (a: number, b: number) => ((a % b) + b) % b;

/** True when Intl knows the zone (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const clocks = new Map<string, ZoneClock>();

export class ZoneClock {
  private readonly format?: Intl.DateTimeFormat;
  /** Offsets are known on [from, to]: offsets[i] from changes[i - 1] (or `from`) up to changes[i] (or past `to`). */
  private from = Number.NaN;
  private to = Number.NaN;
  private readonly changes: number[] = [];
  private readonly offsets: number[] = [];

  private constructor(readonly timeZone: string) {
    if (['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'].includes(timeZone)) return;
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InvalidArgumentError(`unknown time zone "${timeZone}": expected an IANA name such as Europe/Berlin, or UTC`);
    }
  }

  /** One clock per zone name, shared (with what it has learnt). Throws InvalidArgumentError for a zone Intl does not know. */
  static of(timeZone: string): ZoneClock {
    let clock = clocks.get(timeZone);
    if (!clock) {
      if (clocks.size >= MAX_CACHED_ZONES) clocks.clear();
      clock = new ZoneClock(timeZone);
      clocks.set(timeZone, clock);
    }
    return clock;
  }

  /** Zone time minus UTC at instant `ts`, in ms (Europe/Berlin: 3,600,000 in winter, 7,200,000 in summer). */
  offsetAt(ts: number): number {
    if (!this.format) return 0;
    if (!Number.isFinite(ts)) throw new InvalidArgumentError(`not a time: ${ts}`);
    if (!this.learn(ts)) return this.exactOffset(ts);
    let low = 0;
    let high = this.changes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.changes[middle] <= ts) low = middle + 1;
      else high = middle;
    }
    return this.offsets[low];
  }

  /** The wall clock at `ts`, as epoch ms of the same calendar fields in UTC (read it with getUTC*). */
  toLocal(ts: number): number {
    return ts + this.offsetAt(ts);
  }

  /**
   * The instant the wall clock shows `local` (calendar fields as UTC epoch ms). A wall time that occurs twice (the
   * hour repeated when clocks go back) is its first occurrence; one skipped when clocks go forward is read with the
   * offset before the change, i.e. moved forward by the skipped amount (02:30 on a spring-forward day in Berlin is
   * 03:30 CEST). The same rule as Temporal's `disambiguation: 'compatible'`.
   */
  fromLocal(local: number): number {
    if (!this.format) return local;
    const before = this.offsetAt(local - DAY_MS);
    const after = this.offsetAt(local + DAY_MS);
    const candidates = new Set([before, after, this.offsetAt(local - before), this.offsetAt(local - after)]);
    let earliest = Number.POSITIVE_INFINITY;
    for (const offset of candidates) {
      const instant = local - offset;
      if (this.offsetAt(instant) === offset && instant < earliest) earliest = instant;
    }
    return Number.isFinite(earliest) ? earliest : local - before;
  }

  /** Extends the known span to `ts`; false when that would exceed what a clock learns. */
  private learn(ts: number): boolean {
    if (Number.isNaN(this.from)) {
      this.from = this.to = ts - mod(ts, SAMPLE_MS);
      this.offsets.push(this.exactOffset(this.from));
    }
    if (ts >= this.from && ts <= this.to) return true;
    if (Math.max(this.to, ts) - Math.min(this.from, ts) > MAX_LEARNED_MS) return false;
    while (this.to < ts) {
      const next = this.to + SAMPLE_MS;
      const found: Array<[number, number]> = [];
      this.findChanges(this.to, this.offsets[this.offsets.length - 1], next, this.exactOffset(next), found);
      for (const [change, offset] of found) {
        this.changes.push(change);
        this.offsets.push(offset);
      }
      this.to = next;
    }
    while (this.from > ts) {
      const previous = this.from - SAMPLE_MS;
      const found: Array<[number, number]> = [];
      const first = this.exactOffset(previous);
      this.findChanges(previous, first, this.from, this.offsets[0], found);
      this.changes.unshift(...found.map(([change]) => change));
      this.offsets.splice(0, 1, first, ...found.map(([, offset]) => offset));
      this.from = previous;
    }
    return true;
  }

  /** Appends to `found`, in order, each [instant, new offset] where the offset changes in (a, b], to the second. */
  private findChanges(a: number, offsetA: number, b: number, offsetB: number, found: Array<[number, number]>): void {
    if (offsetA === offsetB) return;
    if (b - a <= 1000) {
      found.push([b, offsetB]);
      return;
    }
    const middle = a + Math.floor((b - a) / 2000) * 1000;
    const offsetMiddle = this.exactOffset(middle);
    this.findChanges(a, offsetA, middle, offsetMiddle, found);
    this.findChanges(middle, offsetMiddle, b, offsetB, found);
  }

  private exactOffset(ts: number): number {
    const whole = ts - mod(ts, 1000);
    const fields: Record<string, number> = {};
    for (const part of this.format!.formatToParts(whole)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
    const local = new Date(0);
    local.setUTCFullYear(fields.year, fields.month - 1, fields.day);
    local.setUTCHours(fields.hour, fields.minute, fields.second, 0);
    return local.getTime() - whole;
  }
}
