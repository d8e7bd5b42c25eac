import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PointWriter } from '@tsf/db';
import { consumerSettings, createKafka } from '@tsf/kafka';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { INGESTOR_CONFIG, type IngestorConfig } from '../ingestor-config';
import { IngestPublisher } from './ingest-publisher';
import { LagMonitor } from './lag-monitor';
import { type BatchReport, type ConsumerObserver, PointsConsumer } from './points-consumer';
import { ProgressLog } from './progress-log';

const RETRY_BACKOFF = { initialMs: 250, maxMs: 5_000 };
const LAG_INTERVAL_MS = 5_000;
const PROGRESS_INTERVAL_MS = 10_000;

/** Runs the points consumer for the app's lifetime; reports what it does to the log and the metrics. */
@Injectable()
export class IngestionService implements OnApplicationBootstrap, BeforeApplicationShutdown, ConsumerObserver {
  private readonly logger = new Logger('Ingestion');
  private readonly consumer: PointsConsumer;
  private readonly lagMonitor: LagMonitor;
  private readonly progress: ProgressLog;

  constructor(
    @Inject(INGESTOR_CONFIG) config: IngestorConfig,
    writer: PointWriter,
    private readonly metrics: IngestionMetrics,
  ) {
    const kafka = createKafka(config, (level, message, extra) =>
      this.logger[level === 'info' || level === 'debug' ? 'debug' : level](`${message} ${JSON.stringify(extra)}`),
    );
    const publisher = new IngestPublisher(kafka, { deadLetters: config.TSF_TOPIC_DLQ, seriesEvents: config.TSF_TOPIC_SERIES_EVENTS });
    this.consumer = new PointsConsumer(
      kafka,
      writer,
      publisher,
      {
        groupId: config.TSF_INGEST_GROUP_ID,
        consumer: { ...consumerSettings(config), maxBytesPerPartition: config.TSF_INGEST_FETCH_PARTITION_BYTES, maxBytes: config.TSF_INGEST_FETCH_PARTITION_BYTES * 10 },
        concurrency: config.TSF_INGEST_CONCURRENCY,
        pointsTopic: config.TSF_TOPIC_POINTS,
        limits: { maxMessageBytes: config.TSF_INGEST_MAX_MESSAGE_BYTES, maxPointsPerMessage: config.TSF_INGEST_MAX_POINTS_PER_MESSAGE },
        backoff: RETRY_BACKOFF,
      },
      this,
    );
    this.lagMonitor = new LagMonitor(
      kafka,
      { groupId: config.TSF_INGEST_GROUP_ID, topic: config.TSF_TOPIC_POINTS, intervalMs: LAG_INTERVAL_MS },
      (partition, lag) => metrics.partitionLag(config.TSF_TOPIC_POINTS, partition, lag),
    );
    this.progress = new ProgressLog(PROGRESS_INTERVAL_MS, (line) => this.logger.log(line));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.lagMonitor.start();
    await this.consumer.start();
    this.progress.start();
    this.logger.log('consuming points');
  }

  /** Before the database pool closes: finish and commit the batches in hand, leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    this.progress.stop();
    await this.consumer.stop();
    await this.lagMonitor.stop();
    this.logger.log('left the consumer group');
  }

  batchCommitted(report: BatchReport): void {
    this.metrics.batchCommitted(report);
    this.progress.add(report);
    if (report.deadLetters.length === 0) return;
    const reasons = new Map<string, number>();
    for (const { reason } of report.deadLetters) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    const [first] = report.deadLetters;
    this.logger.warn(
      `partition ${report.partition}: ${report.deadLetters.length} dead letters (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}); ` +
        `first at offset ${first.message.offset}: ${first.reason}: ${first.detail}`,
    );
  }

  assigned(topic: string, partitions: number[]): void {
    this.metrics.assigned(topic, partitions);
    this.lagMonitor.assigned(partitions);
    this.progress.assigned(partitions);
    this.logger.log(`assigned ${topic} partitions [${[...partitions].sort((a, b) => a - b).join(',')}]`);
  }

  retrying(step: string, error: Error, attempt: number, delayMs: number): void {
    this.metrics.retried(step);
    this.logger.warn(`${step} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${error.message}`);
  }

  paused(paused: boolean): void {
    this.metrics.setPaused(paused);
    this.logger.warn(paused ? 'consumption paused until the failing step recovers' : 'consumption resumed');
  }

  crashed(error: Error, restarting: boolean): void {
    if (restarting) {
      this.logger.error(`consumer crashed, kafkajs restarts it: ${error.message}`);
      return;
    }
    // Nothing uncommitted is lost (redelivery); a supervisor restarts the process.
    this.logger.fatal(`consumer crashed for good: ${error.stack ?? error.message}`);
    process.exit(1);
  }
}
