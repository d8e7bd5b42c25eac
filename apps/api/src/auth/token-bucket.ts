export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left in the bucket. */
  remaining: number;
  /** When refused: seconds until the bucket holds enough tokens again. */
  retryAfterS: number;
}

/** Buckets remembered at most; full (idle) buckets are dropped first when there are more. */
const MAX_BUCKETS = 100_000;

/**
 * Token buckets, one per caller: `burst` tokens at once, refilled at `ratePerSecond`. A request takes as many
 * tokens as it costs (1 for a rate limit counting requests). O(1) per request. `now` is injectable for tests.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes `cost` tokens when the bucket holds them; a refused request takes nothing. */
  take(caller: string, cost = 1): TakeResult {
    const bucket = this.refilled(caller);
    if (bucket.tokens < cost) return this.refusal(bucket.tokens, cost);
    bucket.tokens -= cost;
    return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterS: 0 };
  }

  /** Gives back tokens taken for a request that turned out not to count (never beyond the burst). */
  refund(caller: string, cost = 1): void {
    const bucket = this.refilled(caller);
    bucket.tokens = Math.min(this.burst, bucket.tokens + cost);
  }

  private refilled(caller: string): { tokens: number; at: number } {
    const now = this.now();
    let bucket = this.buckets.get(caller);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.dropIdle(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(caller, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.ratePerSecond) / 1000);
    bucket.at = now;
    return bucket;
  }

  private refusal(tokens: number, cost: number): TakeResult {
    return { allowed: false, remaining: Math.floor(tokens), retryAfterS: Math.ceil((cost - tokens) / this.ratePerSecond) };
  }

  private dropIdle(now: number): void {
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.ratePerSecond) / 1000 >= this.burst) this.buckets.delete(caller);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
