import type { PartitionRef } from './batch-runner-events';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

interface Pending {
  attempt: number;
  timer?: NodeJS.Timeout;
}

/**
 * Exponential backoff per partition: after a failed batch, `fail` pauses the partition and resumes it once its delay
 * has passed, so kafkajs fetches the same offsets again then; `succeeded` resets it. The other partitions are never
 * held back (kafkajs fetches a broker's partitions together, so a batch retried in place would stall them all).
 */
export class PartitionBackoff {
  private readonly partitions = new Map<string, Pending>();

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly control: { pause(ref: PartitionRef): void; resume(ref: PartitionRef): void },
  ) {}

  /** Pauses the partition; returns the attempt number and the delay after which it resumes. */
  fail(ref: PartitionRef): { attempt: number; delayMs: number } {
    const key = keyOf(ref);
    const pending = this.partitions.get(key) ?? { attempt: 0 };
    clearTimeout(pending.timer);
    pending.attempt += 1;
    const delayMs = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** (pending.attempt - 1));
    this.control.pause(ref);
    pending.timer = setTimeout(() => {
      pending.timer = undefined;
      this.control.resume(ref);
    }, delayMs);
    this.partitions.set(key, pending);
    return { attempt: pending.attempt, delayMs };
  }

  succeeded(ref: PartitionRef): void {
    const key = keyOf(ref);
    clearTimeout(this.partitions.get(key)?.timer);
    this.partitions.delete(key);
  }

  /** Partitions ("topic/partition") failing now: paused, or fetched again but not yet through. */
  failing(): string[] {
    return [...this.partitions.keys()];
  }

  /** Stops the timers (the consumer is leaving): nothing resumes after a stop. */
  clear(): void {
    for (const { timer } of this.partitions.values()) clearTimeout(timer);
    this.partitions.clear();
  }
}

export function keyOf({ topic, partition }: PartitionRef): string {
  return `${topic}/${partition}`;
}
