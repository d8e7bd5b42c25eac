import { setTimeout as sleep } from 'node:timers/promises';

/** What a retried step needs from the batch it belongs to. */
export interface BatchContext {
  /** False once the consumer is stopping or the partition was taken away: the batch is then left for redelivery. */
  keepGoing(): boolean;
  /** Keeps the group membership alive during long waits; throws when the group is rebalancing. */
  heartbeat(): Promise<void>;
}

export interface RetryEvents {
  /** The first failure anywhere: stop fetching. */
  pause(): void;
  /** Every failing step has recovered: fetch again. */
  resume(): void;
  retrying(step: string, error: Error, attempt: number, delayMs: number): void;
}

/** Errors that mean this member's view of the group is out of date: kafkajs must re-join, so they are not retried here. */
const MEMBERSHIP_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);
const HEARTBEAT_SLICE_MS = 500;

export function isMembershipError(error: unknown): boolean {
  return MEMBERSHIP_ERRORS.has((error as { type?: string } | null)?.type ?? '');
}

/**
 * Retries a batch's steps (database write, dead letters, events, commit) until they succeed, with exponential
 * backoff, for as long as the batch is still ours. While any step is failing, consumption is paused: a database
 * or broker outage stops fetching instead of piling up batches, and the partitions stay assigned (heartbeats go on).
 */
export class StepRetrier {
  private failing = 0;

  constructor(
    private readonly backoff: { initialMs: number; maxMs: number },
    private readonly events: RetryEvents,
  ) {}

  /** True when the step succeeded, false when the batch was given up (see `BatchContext.keepGoing`). */
  async run(step: string, work: () => Promise<unknown>, batch: BatchContext): Promise<boolean> {
    let failed = false;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await work();
          return true;
        } catch (error) {
          if (isMembershipError(error)) throw error;
          if (!failed && this.failing++ === 0) this.events.pause();
          failed = true;
          const delayMs = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (attempt - 1));
          this.events.retrying(step, error instanceof Error ? error : new Error(String(error)), attempt, delayMs);
          if (!(await this.wait(delayMs, batch))) return false;
        }
      }
    } finally {
      if (failed && --this.failing === 0) this.events.resume();
    }
  }

  private async wait(delayMs: number, batch: BatchContext): Promise<boolean> {
    for (let waited = 0; waited < delayMs; waited += HEARTBEAT_SLICE_MS) {
      await sleep(Math.min(HEARTBEAT_SLICE_MS, delayMs - waited));
      if (!batch.keepGoing()) return false;
      await heartbeatIfReachable(batch);
    }
    return batch.keepGoing();
  }
}

/** A heartbeat that cannot reach the coordinator (broker down) is no reason to give up the batch; a rebalance is. */
async function heartbeatIfReachable(batch: BatchContext): Promise<void> {
  try {
    await batch.heartbeat();
  } catch (error) {
    if (isMembershipError(error)) throw error;
  }
}
