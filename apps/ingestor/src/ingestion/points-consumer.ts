import type { PointsLimits } from '@tsf/contracts';
import type { PointWriter, SeriesWriteStats } from '@tsf/db';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import type { IngestPublisher } from './ingest-publisher';
import { type DeadLetter, sortMessages } from './sort-messages';
import { type BatchContext, StepRetrier } from './step-retrier';

export interface PointsConsumerOptions {
  groupId: string;
  consumer: Omit<ConsumerConfig, 'groupId'>;
  /** Partitions processed at once (kafkajs' partitionsConsumedConcurrently): parsing one batch overlaps writing another. */
  concurrency: number;
  pointsTopic: string;
  limits: PointsLimits;
  backoff: { initialMs: number; maxMs: number };
}

export interface BatchReport {
  topic: string;
  partition: number;
  messages: number;
  points: number;
  deadLetters: DeadLetter[];
  durationMs: number;
  /** Messages behind the partition's end after this commit. */
  lag: number;
}

/** What the consumer tells the service around it (logs, metrics). */
export interface ConsumerObserver {
  batchCommitted(report: BatchReport): void;
  assigned(topic: string, partitions: number[]): void;
  retrying(step: string, error: Error, attempt: number, delayMs: number): void;
  paused(paused: boolean): void;
  crashed(error: Error, restarting: boolean): void;
}

/**
 * The ingestion loop, per fetched batch: validate, write all good points in one idempotent statement and
 * dead-letter the bad messages, publish series-updated events, and only then commit the batch's offset.
 * A crash anywhere before the commit means redelivery, which the idempotent writer absorbs: every point
 * ends up in the table exactly once. Failures are retried in place (see StepRetrier) with consumption paused.
 *
 * Flow control: kafkajs fetches a broker's partitions again only once the batches of its previous fetch are
 * committed, so a slow database slows consumption down and memory stays bounded by one fetch per broker.
 */
export class PointsConsumer {
  private readonly consumer: Consumer;
  private readonly retrier: StepRetrier;

  constructor(
    kafka: Kafka,
    private readonly writer: PointWriter,
    private readonly publisher: IngestPublisher,
    private readonly options: PointsConsumerOptions,
    private readonly observer: ConsumerObserver,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, ...options.consumer });
    const topics = [{ topic: options.pointsTopic }];
    this.retrier = new StepRetrier(options.backoff, {
      pause: () => {
        this.consumer.pause(topics);
        observer.paused(true);
      },
      resume: () => {
        this.consumer.resume(topics);
        observer.paused(false);
      },
      retrying: (step, error, attempt, delayMs) => observer.retrying(step, error, attempt, delayMs),
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) =>
      observer.assigned(options.pointsTopic, payload.memberAssignment[options.pointsTopic] ?? []),
    );
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => observer.crashed(payload.error, payload.restart));
  }

  /** Connects, joins the group (resolves once partitions are assigned) and starts consuming. */
  async start(): Promise<void> {
    await this.publisher.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.pointsTopic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Finishes the batches in hand and commits them, then leaves the group (its partitions move at once). */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.publisher.disconnect();
  }

  private async handleBatch({ batch, isRunning, isStale, heartbeat, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const started = performance.now();
    // Once stopping, a failing step gives up (the batch is redelivered later); a succeeding one still commits.
    const context: BatchContext = { keepGoing: () => isRunning() && !isStale(), heartbeat };
    const { good, bad } = sortMessages(batch.messages, this.options.limits);

    let stats: SeriesWriteStats[] = [];
    const stored = await Promise.all([
      this.retrier.run('write', async () => (stats = await this.writer.write(good)), context),
      this.retrier.run('dead-letter', () => this.publisher.deadLetter(batch.topic, batch.partition, bad), context),
    ]);
    if (!stored.every(Boolean)) return;
    if (!(await this.retrier.run('series-events', () => this.publisher.seriesUpdated(stats), context))) return;

    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    // The payload's commit, unlike consumer.commitOffsets, still commits while the consumer is stopping.
    const commit = () => commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
    if (!(await this.retrier.run('commit', commit, context))) return;
    resolveOffset(batch.lastOffset());

    this.observer.batchCommitted({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.length,
      points: stats.reduce((sum, s) => sum + s.points, 0),
      deadLetters: bad,
      durationMs: performance.now() - started,
      lag: Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
    });
  }
}
