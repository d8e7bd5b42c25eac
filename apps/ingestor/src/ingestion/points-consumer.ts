import type { SeriesUpdatedEvent } from '@tsf/contracts';
import type { PointWriter, SeriesWriteStats } from '@tsf/db';
import { type Consumer, type ConsumerConfig, type EachBatchPayload, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type DeadLetter, sortMessages } from './sort-messages';

export interface PointsConsumerOptions {
  groupId: string;
  consumer: Omit<ConsumerConfig, 'groupId'>;
  pointsTopic: string;
  deadLetterTopic: string;
  seriesEventsTopic: string;
  limits: { maxMessageBytes: number; maxPointsPerMessage: number };
}

export interface BatchReport {
  partition: number;
  messages: number;
  points: number;
  deadLetters: DeadLetter[];
  durationMs: number;
}

/**
 * The ingestion loop. Per fetched batch: validate, write all good points in one idempotent statement,
 * dead-letter the bad messages, publish series-updated events, and only then commit the offsets.
 * A crash anywhere before the commit means redelivery, which the idempotent writer absorbs: every point
 * ends up in the table exactly once.
 */
export class PointsConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly writer: PointWriter,
    private readonly options: PointsConsumerOptions,
    private readonly onBatch: (report: BatchReport) => void = () => undefined,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, ...options.consumer });
    this.producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.pointsTopic], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /** Finishes the batch in hand, commits it, leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private async handleBatch({ batch, isRunning, isStale, heartbeat, resolveOffset }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const started = Date.now();
    const { good, bad } = sortMessages(batch.messages, this.options.limits);
    const [stats] = await Promise.all([this.writer.write(good), this.deadLetter(batch.topic, batch.partition, bad)]);
    await heartbeat();
    await this.publishEvents(stats);
    resolveOffset(batch.lastOffset());
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    this.onBatch({
      partition: batch.partition,
      messages: batch.messages.length,
      points: stats.reduce((sum, s) => sum + s.points, 0),
      deadLetters: bad,
      durationMs: Date.now() - started,
    });
  }

  private async deadLetter(topic: string, partition: number, letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: letters.map(({ message, reason, detail }) => ({
        key: message.key,
        value: message.value,
        headers: {
          'tsf-reject-reason': reason,
          'tsf-reject-detail': detail.slice(0, 1000),
          'tsf-source': `${topic}/${partition}/${message.offset}`,
        },
      })),
    });
  }

  private async publishEvents(stats: SeriesWriteStats[]): Promise<void> {
    if (stats.length === 0) return;
    const at = new Date().toISOString();
    const events: SeriesUpdatedEvent[] = stats.map((s) => ({
      type: 'series.updated',
      series: s.series,
      points: s.points,
      firstTs: new Date(s.firstTs).toISOString(),
      lastTs: new Date(s.lastTs).toISOString(),
      at,
    }));
    await this.producer.send({
      topic: this.options.seriesEventsTopic,
      acks: -1,
      messages: events.map((event) => ({ key: event.series, value: JSON.stringify(event) })),
    });
  }
}
