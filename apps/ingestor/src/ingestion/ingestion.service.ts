import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { PointWriter } from '@tsf/db';
import { consumerSettings, createKafka } from '@tsf/kafka';
import { type BatchReport, PointsConsumer } from './points-consumer';

export const INGESTOR_CONFIG = Symbol('INGESTOR_CONFIG');

/** Runs the points consumer for the app's lifetime and logs what each batch did. */
@Injectable()
export class IngestionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingestion');
  private readonly consumer: PointsConsumer;

  constructor(@Inject(INGESTOR_CONFIG) config: Config<'kafka' | 'ingestor'>, writer: PointWriter) {
    const kafka = createKafka(config, (level, message, extra) =>
      this.logger[level === 'info' || level === 'debug' ? 'debug' : level](`${message} ${JSON.stringify(extra)}`),
    );
    this.consumer = new PointsConsumer(
      kafka,
      writer,
      {
        groupId: config.TSF_INGEST_GROUP_ID,
        consumer: consumerSettings(config),
        pointsTopic: config.TSF_TOPIC_POINTS,
        deadLetterTopic: config.TSF_TOPIC_DLQ,
        seriesEventsTopic: config.TSF_TOPIC_SERIES_EVENTS,
        limits: { maxMessageBytes: config.TSF_INGEST_MAX_MESSAGE_BYTES, maxPointsPerMessage: config.TSF_INGEST_MAX_POINTS_PER_MESSAGE },
      },
      (report) => this.logBatch(report),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
    this.logger.log('consuming points');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    this.logger.log('left the consumer group');
  }

  private logBatch(report: BatchReport): void {
    this.logger.log(
      `partition ${report.partition}: ${report.messages} messages, ${report.points} points stored, ` +
        `${report.deadLetters.length} dead-lettered in ${report.durationMs} ms`,
    );
    for (const letter of report.deadLetters) this.logger.warn(`dead letter at offset ${letter.message.offset}: ${letter.reason}: ${letter.detail}`);
  }
}
