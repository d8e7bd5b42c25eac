/**
 * A frequency read off a series' timestamps: each gap between consecutive distinct timestamps votes for the candidate
 * nearest to it (within a factor of 1.25), and the most voted one wins. That tolerates missing steps (their gaps are
 * multiples and vote elsewhere), jitter (a gap within ±20% of a step, i.e. each point within ±10% of its grid
 * instant) and a few duplicates (gaps far below a step). A smaller candidate that divides the winner, has a fair share
 * of the votes and explains clearly more of the gaps wins instead (alternating 1 h and 2 h gaps are an hourly series).
 * Months, quarters and years are the 28–31, 89–92 and 365–366-day gaps; a series of them must also sit on the same day
 * of its month (or the month's last day) to be called calendar-monthly with confidence.
 */
import { type Frequency, MONTHS_PER_UNIT, nominalStepMs, parseFrequency } from './frequency';
import { ZoneClock } from './zone-clock';

export interface InferredFrequency {
  frequency: Frequency;
  /**
   * 0 to 1: the share of the gaps (duplicates left out) that are a whole number of steps within ±20% of a step; for
   * months, quarters and years, times the share of points on the most common day of their month (clamped to its end).
   */
  confidence: number;
  /** Gaps between consecutive distinct timestamps that were examined. */
  gaps: number;
}

export interface InferFrequencyOptions {
  /** Where month, quarter and year alignment is read (UTC by default). */
  timeZone?: string;
}

/** Fewer distinct timestamps than this and nothing is inferred (two gaps are the least that can agree). */
export const MIN_POINTS_TO_INFER = 3;

const CANDIDATES: readonly Frequency[] = [
  ...['1s', '2s', '5s', '10s', '15s', '30s', '1m', '2m', '5m', '10m', '15m', '20m', '30m'],
  ...['1h', '2h', '3h', '4h', '6h', '8h', '12h', '1d', '1w', '2w', '1M', '1Q', '1Y'],
].map(parseFrequency);
const CANDIDATE_MS = CANDIDATES.map(nominalStepMs);

/** A gap votes for the nearest candidate only when within this factor of it. */
const VOTE_RATIO = 1.25;
/** A gap is a whole number of steps when within this fraction of a step of one (two points' jitter of ±10% each). */
const GAP_TOLERANCE = 0.2;
/** A divisor of the winner needs this share of the winner's votes to be considered. */
const DIVISOR_MIN_VOTES = 0.3;
/** ...and must explain this much more of the gaps. */
const DIVISOR_MIN_GAIN = 0.1;

export function inferFrequency(timestamps: ArrayLike<number>, options: InferFrequencyOptions = {}): InferredFrequency | null {
  const times = ascendingDistinct(timestamps);
  if (times.length < MIN_POINTS_TO_INFER) return null;
  const gaps = new Float64Array(times.length - 1);
  for (let i = 0; i < gaps.length; i++) gaps[i] = times[i + 1] - times[i];

  const votes = new Array<number>(CANDIDATES.length).fill(0);
  for (const gap of gaps) {
    const nearest = nearestCandidate(gap);
    if (Math.max(gap / CANDIDATE_MS[nearest], CANDIDATE_MS[nearest] / gap) <= VOTE_RATIO) votes[nearest]++;
  }
  let best = 0;
  for (let i = 1; i < votes.length; i++) if (votes[i] > votes[best]) best = i;
  if (votes[best] === 0) best = nearestCandidate(median(gaps));

  let explained = explainedShare(gaps, CANDIDATE_MS[best]);
  const winner = best;
  for (let i = winner - 1; i >= 0; i--) {
    if (votes[i] === 0 || votes[i] < DIVISOR_MIN_VOTES * votes[winner] || !divides(CANDIDATE_MS[i], CANDIDATE_MS[winner])) continue;
    const share = explainedShare(gaps, CANDIDATE_MS[i]);
    if (share >= explained + DIVISOR_MIN_GAIN) {
      best = i;
      explained = share;
    }
  }
  const frequency = CANDIDATES[best];
  const months = MONTHS_PER_UNIT[frequency.unit];
  const alignment = months === undefined ? 1 : monthAlignment(times, months, options.timeZone ?? 'UTC');
  return { frequency, confidence: explained * alignment, gaps: gaps.length };
}

function ascendingDistinct(timestamps: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(timestamps).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}

/** The candidate nearest to `gap` by ratio. */
function nearestCandidate(gap: number): number {
  const high = CANDIDATE_MS.findIndex((ms) => ms >= gap);
  if (high === -1) return CANDIDATE_MS.length - 1;
  if (high === 0) return 0;
  return gap / CANDIDATE_MS[high - 1] <= CANDIDATE_MS[high] / gap ? high - 1 : high;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)];
}

/** True when `large` is a whole multiple (2 or more) of `small`. */
function divides(small: number, large: number): boolean {
  const ratio = large / small;
  return Math.round(ratio) >= 2 && Math.abs(ratio - Math.round(ratio)) <= 0.01 * ratio;
}

/** The share of gaps (those under the tolerance are duplicates, left out) that are whole numbers of `stepMs`. */
function explainedShare(gaps: Float64Array, stepMs: number): number {
  const tolerance = GAP_TOLERANCE * stepMs;
  let counted = 0;
  let whole = 0;
  for (const gap of gaps) {
    if (gap < tolerance) continue;
    counted++;
    const steps = Math.round(gap / stepMs);
    if (steps >= 1 && Math.abs(gap - steps * stepMs) <= tolerance) whole++;
  }
  return counted === 0 ? 0 : whole / counted;
}

/**
 * The share of points on the most common (month within the step, day of the month) in the zone; a point on its
 * month's last day also counts for every later day (the 31st of February is its 28th or 29th).
 */
function monthAlignment(times: Float64Array, monthsPerStep: number, timeZone: string): number {
  const clock = ZoneClock.of(timeZone);
  const counts = new Map<number, number>();
  const add = (key: number) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const ts of times) {
    const local = new Date(clock.toLocal(ts));
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth();
    const day = local.getUTCDate();
    const monthInStep = ((((year - 1970) * 12 + month) % monthsPerStep) + monthsPerStep) % monthsPerStep;
    const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    for (let anchor = day; anchor <= (day === daysInMonth ? 31 : day); anchor++) add(monthInStep * 32 + anchor);
  }
  return Math.max(...counts.values()) / times.length;
}
