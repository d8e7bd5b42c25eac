export interface TakeResult {
  allowed: boolean;
  /** Whole requests left in the bucket. */
  remaining: number;
  /** When refused: seconds until one request is allowed again. */
  retryAfterS: number;
}

/** Buckets remembered at most; full (idle) buckets are dropped first when there are more. */
const MAX_BUCKETS = 100_000;

/**
 * Token buckets, one per caller: `burst` requests at once, refilled at `ratePerSecond`. O(1) per request.
 * `now` is injectable for tests.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(caller: string): TakeResult {
    const now = this.now();
    let bucket = this.buckets.get(caller);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.dropIdle(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(caller, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.ratePerSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterS: 0 };
    }
    return { allowed: false, remaining: 0, retryAfterS: Math.ceil((1 - bucket.tokens) / this.ratePerSecond) };
  }

  private dropIdle(now: number): void {
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.ratePerSecond) / 1000 >= this.burst) this.buckets.delete(caller);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
