import { EventEmitter } from 'node:events';
import type { Batch, Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import type { BatchRunnerEvents } from './batch-runner-events';
import { isMembershipError } from './membership-errors';
import { type BackoffPolicy, keyOf, PartitionBackoff } from './partition-backoff';

export interface RetryPolicy extends BackoffPolicy {
  /** Errors that the same input raises again (a constraint, bad encoding): thrown to the handler, which isolates the input. */
  isDeterministic?: (error: unknown) => boolean;
}

export interface BatchRunnerOptions {
  groupId: string;
  consumer: Omit<ConsumerConfig, 'groupId'>;
  topics: string[];
  /** Partitions handled at once (kafkajs' partitionsConsumedConcurrently). */
  concurrency?: number;
  /** Where a group without committed offsets starts. */
  fromBeginning?: boolean;
  retry: RetryPolicy;
  /** Health turns not-ready when no fetch has completed and no batch has been in hand for this long (brokers unreachable). */
  stalledAfterMs?: number;
}

const DEFAULT_STALLED_AFTER_MS = 10_000;

/** The batch's steps, run by the handler. */
export interface BatchSteps {
  /**
   * Runs one step of the batch. A deterministic failure (see `RetryPolicy.isDeterministic`) is thrown for the handler
   * to isolate; any other failure ends the batch uncommitted: its partition pauses for a backoff and the same
   * offsets are fetched and handled again (steps must be idempotent, as redelivery requires anyway).
   */
  run<T>(step: string, work: () => Promise<T>): Promise<T>;
  heartbeat(): Promise<void>;
}

/** Handles one fetched batch; its offsets are committed after it resolves. */
export type BatchHandler<R> = (batch: Batch, steps: BatchSteps) => Promise<R>;

/** A step's transient failure, carrying the step's name to the runner's events. */
class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly failure: Error,
  ) {
    super(`${step} failed: ${failure.message}`);
  }
}

export type RunnerState = 'idle' | 'starting' | 'running' | 'restarting' | 'crashed' | 'stopped';

/** The consumer as a health check sees it (structurally a `HealthResult` of libs/observability). */
export interface RunnerHealth {
  ok: boolean;
  details: {
    state: RunnerState;
    groupId: string;
    joined: boolean;
    assignment: Record<string, number[]>;
    /** Partitions paused because a step of their batch keeps failing ("topic/partition"). */
    pausedByBackoff: string[];
    /** Messages behind each partition's end, as of its last committed batch ("topic/partition" → lag). */
    lag: Record<string, number>;
    /** Since the last completed fetch or handled batch (undefined before the first). */
    idleMs?: number;
  };
}

/**
 * The platform's one consumer-group loop, for every consumer of ours (the ingestor's points, the scheduler's series
 * events): manual commits after the handler; a failed batch left uncommitted and its partition paused for an
 * exponential backoff, then fetched again (so a failing database stops fetching instead of piling up batches, while
 * the other partitions keep going); the payload's commit (which still commits while the consumer is stopping);
 * a graceful stop that finishes the batches in hand; and typed events.
 *
 * Flow control: kafkajs fetches a broker's partitions again only once the batches of its previous fetch are
 * handled, so a slow handler slows consumption down and memory stays bounded by one fetch per broker. That is also
 * why a failing batch is not retried in place: it would hold back every partition of its broker.
 */
export class BatchRunner<R> extends EventEmitter<BatchRunnerEvents<R>> {
  private readonly consumer: Consumer;
  private readonly backoff: PartitionBackoff;
  private state: RunnerState = 'idle';
  private joined = false;
  private assignment: Record<string, number[]> = {};
  private readonly lag = new Map<string, number>();
  private lastActivity?: number;
  private batchesInHand = 0;

  constructor(
    kafka: Kafka,
    private readonly options: BatchRunnerOptions,
    private readonly handler: BatchHandler<R>,
  ) {
    super();
    this.consumer = kafka.consumer({ groupId: options.groupId, ...options.consumer });
    this.backoff = new PartitionBackoff(options.retry, {
      pause: (ref) => {
        this.consumer.pause([{ topic: ref.topic, partitions: [ref.partition] }]);
        this.emit('partition.paused', ref);
      },
      resume: (ref) => {
        this.consumer.resume([{ topic: ref.topic, partitions: [ref.partition] }]);
        this.emit('partition.resumed', ref);
      },
    });
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      this.state = 'running';
      this.assignment = payload.memberAssignment;
      this.emit('group.joined', { assignment: payload.memberAssignment });
    });
    this.consumer.on(events.REBALANCING, () => (this.joined = false));
    // Fetches complete every maxWaitTime even when idle; none for a while means the brokers cannot be reached.
    this.consumer.on(events.FETCH, () => (this.lastActivity = Date.now()));
    this.consumer.on(events.START_BATCH_PROCESS, () => this.batchesInHand++);
    this.consumer.on(events.END_BATCH_PROCESS, () => {
      this.batchesInHand--;
      this.lastActivity = Date.now();
    });
    this.consumer.on(events.CRASH, ({ payload }) => {
      this.joined = false;
      this.state = payload.restart ? 'restarting' : 'crashed';
      this.emit('consumer.crashed', { error: payload.error, restarting: payload.restart });
    });
  }

  /** Connects, joins the group (resolves once partitions are assigned) and starts consuming. */
  async start(): Promise<void> {
    this.state = 'starting';
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 1,
      eachBatch: (payload) => this.runBatch(payload),
    });
  }

  /** Finishes the batches in hand and commits them, then leaves the group (its partitions move at once). */
  async stop(): Promise<void> {
    this.backoff.clear();
    await this.consumer.disconnect();
    this.state = 'stopped';
    this.joined = false;
  }

  /** Ready to consume: joined, running, fetching, and no partition held back by a failing step. */
  health(): RunnerHealth {
    const pausedByBackoff = this.backoff.failing();
    const idleMs = this.lastActivity === undefined ? undefined : Date.now() - this.lastActivity;
    const fetching = this.batchesInHand > 0 || (idleMs !== undefined && idleMs < (this.options.stalledAfterMs ?? DEFAULT_STALLED_AFTER_MS));
    return {
      ok: this.state === 'running' && this.joined && fetching && pausedByBackoff.length === 0,
      details: {
        state: this.state,
        groupId: this.options.groupId,
        joined: this.joined,
        assignment: this.assignment,
        pausedByBackoff,
        lag: Object.fromEntries(this.lag),
        idleMs,
      },
    };
  }

  private async runBatch({ batch, isRunning, isStale, heartbeat, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const started = performance.now();
    const ref = { topic: batch.topic, partition: batch.partition };
    const steps: BatchSteps = { run: (step, work) => this.step(step, work), heartbeat };
    try {
      const result = await this.handler(batch, steps);
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      // The payload's commit, unlike consumer.commitOffsets, still commits while the consumer is stopping.
      await steps.run('commit', () => commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] }));
      resolveOffset(batch.lastOffset());
      this.backoff.succeeded(ref);
      const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
      this.lag.set(keyOf(ref), lag);
      this.emit('batch.committed', {
        ...ref,
        messages: batch.messages.length,
        firstOffset: batch.firstOffset() ?? batch.messages[0]!.offset,
        lastOffset: batch.lastOffset(),
        durationMs: performance.now() - started,
        lag,
        result,
      });
    } catch (error) {
      if (isMembershipError(error)) throw error;
      // Uncommitted and unresolved: once the partition resumes, kafkajs fetches these offsets again.
      if (!isRunning()) return;
      const { attempt, delayMs } = this.backoff.fail(ref);
      const failure = error instanceof StepFailed ? error : new StepFailed('handle', asError(error));
      this.emit('step.retrying', { ...ref, step: failure.step, error: failure.failure, attempt, delayMs });
    }
  }

  private async step<T>(step: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isMembershipError(error) || this.options.retry.isDeterministic?.(error)) throw error;
      throw new StepFailed(step, asError(error));
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
