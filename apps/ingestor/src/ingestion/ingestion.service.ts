import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { isDeterministicDatabaseError, PointWriter } from '@tsf/db';
import { BatchRunner, consumerSettings, createKafka, producerCompression } from '@tsf/kafka';
import { HealthChecks } from '@tsf/observability';
import { createPointsFormats } from '../formats';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { INGESTOR_CONFIG, type IngestorConfig } from '../ingestor-config';
import { IngestPublisher } from './ingest-publisher';
import { LagMonitor } from './lag-monitor';
import { type BatchReport, PointsBatchHandler, type PointsBatchResult } from './points-batch-handler';
import { ProgressLog } from './progress-log';

const RETRY_BACKOFF = { initialMs: 250, maxMs: 5_000 };
const LAG_INTERVAL_MS = 5_000;
const PROGRESS_INTERVAL_MS = 10_000;
/** After a crash kafkajs does not recover from, health says so for this long, then the process exits for its supervisor. */
const CRASH_EXIT_DELAY_MS = 5_000;

/** Runs the points consumer for the app's lifetime; reports what it does to the log, the metrics and the health checks. */
@Injectable()
export class IngestionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Ingestion');
  private readonly runner: BatchRunner<PointsBatchResult>;
  private readonly publisher: IngestPublisher;
  private readonly lagMonitor: LagMonitor;
  private readonly progress: ProgressLog;

  constructor(
    @Inject(INGESTOR_CONFIG) config: IngestorConfig,
    writer: PointWriter,
    private readonly metrics: IngestionMetrics,
    health: HealthChecks,
  ) {
    const kafka = createKafka(config, (level, message, extra) =>
      this.logger[level === 'info' || level === 'debug' ? 'debug' : level](`${message} ${JSON.stringify(extra)}`),
    );
    this.publisher = new IngestPublisher(
      kafka,
      { deadLetters: config.TSF_TOPIC_DLQ, seriesEvents: config.TSF_TOPIC_SERIES_EVENTS },
      producerCompression(config),
    );
    const limits = { maxMessageBytes: config.TSF_INGEST_MAX_MESSAGE_BYTES, maxPointsPerMessage: config.TSF_INGEST_MAX_POINTS_PER_MESSAGE };
    const formats = createPointsFormats(config, limits);
    const handler = new PointsBatchHandler(writer, this.publisher, formats);
    this.runner = new BatchRunner(
      kafka,
      {
        groupId: config.TSF_INGEST_GROUP_ID,
        consumer: { ...consumerSettings(config), maxBytesPerPartition: config.TSF_INGEST_FETCH_PARTITION_BYTES, maxBytes: config.TSF_INGEST_FETCH_PARTITION_BYTES * 10 },
        topics: formats.topics,
        concurrency: config.TSF_INGEST_CONCURRENCY,
        retry: { ...RETRY_BACKOFF, isDeterministic: isDeterministicDatabaseError },
      },
      (batch, steps) => handler.handle(batch, steps),
    );
    this.lagMonitor = new LagMonitor(kafka, { groupId: config.TSF_INGEST_GROUP_ID, intervalMs: LAG_INTERVAL_MS }, (topic, partition, lag) =>
      metrics.partitionLag(topic, partition, lag),
    );
    this.progress = new ProgressLog(PROGRESS_INTERVAL_MS, (line) => this.logger.log(line));
    this.observe();
    health.addReadiness('consumer', () => this.runner.health());
    health.addLiveness('consumer', () => ({ ok: this.runner.health().details.state !== 'crashed' }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.lagMonitor.start();
    await this.publisher.connect();
    await this.runner.start();
    this.progress.start();
    this.logger.log('consuming points');
  }

  /** Before the database pool closes: finish and commit the batches in hand, leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    this.progress.stop();
    await this.runner.stop();
    await this.publisher.disconnect();
    await this.lagMonitor.stop();
    this.logger.log('left the consumer group');
  }

  private observe(): void {
    this.runner.on('batch.committed', (report) => this.batchCommitted(report));
    this.runner.on('group.joined', ({ assignment }) => {
      for (const [topic, partitions] of Object.entries(assignment)) {
        this.metrics.assigned(topic, partitions);
        this.logger.log(`assigned ${topic} partitions [${[...partitions].sort((a, b) => a - b).join(',')}]`);
      }
      this.lagMonitor.assigned(assignment);
      this.progress.assigned(assignment);
    });
    this.runner.on('step.retrying', ({ topic, partition, step, error, attempt, delayMs }) => {
      this.metrics.retried(step);
      this.logger.warn(`${topic}/${partition}: ${step} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${error.message}`);
    });
    this.runner.on('partition.paused', ({ topic, partition }) => {
      this.metrics.setPaused(topic, partition, true);
      this.logger.warn(`${topic}/${partition}: consumption paused until the failing step recovers`);
    });
    this.runner.on('partition.resumed', ({ topic, partition }) => {
      this.metrics.setPaused(topic, partition, false);
      this.logger.warn(`${topic}/${partition}: consumption resumed`);
    });
    this.runner.on('consumer.crashed', ({ error, restarting }) => {
      if (restarting) {
        this.logger.error(`consumer crashed, kafkajs restarts it: ${error.message}`);
        return;
      }
      // Nothing uncommitted is lost (redelivery); health turns 503, then a supervisor restarts the process.
      this.logger.fatal(`consumer crashed for good: ${error.stack ?? error.message}`);
      setTimeout(() => process.exit(1), CRASH_EXIT_DELAY_MS).unref();
    });
  }

  private batchCommitted(report: BatchReport): void {
    this.metrics.batchCommitted(report);
    this.progress.add(report);
    const { deadLetters, skipped } = report.result;
    for (const range of skipped) {
      this.logger.error(
        `${report.topic}/${report.partition}: skipped offsets ${range.firstOffset}..${range.lastOffset}, a record batch no codec could decode ` +
          `(${range.codec}: ${range.reason}); recorded in the dead-letter topic`,
      );
    }
    if (deadLetters.length === 0) return;
    const reasons = new Map<string, number>();
    for (const { reason } of deadLetters) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    const [first] = deadLetters;
    this.logger.warn(
      `${report.topic}/${report.partition}: ${deadLetters.length} dead letters (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}); ` +
        `first at offset ${first!.message.offset}: ${first!.reason}: ${first!.detail}`,
    );
  }
}
