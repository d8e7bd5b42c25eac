import type { SeriesUpdatedEvent } from '@tsf/contracts';
import type { SeriesWriteStats } from '@tsf/db';
import type { UndecodableBatch } from '@tsf/kafka';
import { type CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { DeadLetter } from './sort-messages';

/** Header names of a dead letter (the contract in docs/ingestion.md). */
export const REJECT_HEADERS = { reason: 'tsf-reject-reason', detail: 'tsf-reject-detail', source: 'tsf-source' } as const;
const MAX_DETAIL_CHARS = 1000;

/** The ingestor's producer: dead letters and series-updated events, each acknowledged by all in-sync replicas. */
export class IngestPublisher {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topics: { deadLetters: string; seriesEvents: string },
    /** KAFKA_COMPRESSION, through producerCompression (@tsf/kafka). */
    private readonly compression: CompressionTypes,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Each rejected message with its original key and bytes, and why. */
  async deadLetter(topic: string, partition: number, letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.topics.deadLetters,
      acks: -1,
      compression: this.compression,
      messages: letters.map(({ message, reason, detail }) => ({
        key: message.key,
        value: message.value,
        headers: {
          [REJECT_HEADERS.reason]: reason,
          [REJECT_HEADERS.detail]: detail.slice(0, MAX_DETAIL_CHARS),
          [REJECT_HEADERS.source]: `${topic}/${partition}/${message.offset}`,
        },
      })),
    });
  }

  /**
   * One record per record batch that no codec could decode: no key, the batch's description as the value, and the
   * skipped offset range as the source (`topic/partition/first-last`), so it can be fetched again from the source topic.
   */
  async undecodable(topic: string, partition: number, batches: UndecodableBatch[]): Promise<void> {
    if (batches.length === 0) return;
    await this.producer.send({
      topic: this.topics.deadLetters,
      acks: -1,
      compression: this.compression,
      messages: batches.map((batch) => ({
        key: null,
        value: JSON.stringify({ topic, partition, ...batch }),
        headers: {
          [REJECT_HEADERS.reason]: 'undecodable_batch',
          [REJECT_HEADERS.detail]: `${batch.codec}: ${batch.reason}`.slice(0, MAX_DETAIL_CHARS),
          [REJECT_HEADERS.source]: `${topic}/${partition}/${batch.firstOffset}-${batch.lastOffset}`,
        },
      })),
    });
  }

  /** One event per series written: how many points and which time range (keyed by series, so per-series order holds). */
  async seriesUpdated(stats: SeriesWriteStats[]): Promise<void> {
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
      topic: this.topics.seriesEvents,
      acks: -1,
      compression: this.compression,
      messages: events.map((event) => ({ key: event.series, value: JSON.stringify(event) })),
    });
  }
}
