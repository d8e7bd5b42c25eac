import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { seriesUpdatedEventSchema } from '@tsf/contracts';
import { isDeterministicDatabaseError } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { BatchRunner, type BatchSteps, consumerSettings, createKafka } from '@tsf/kafka';
import { HealthChecks } from '@tsf/observability';
import type { Batch } from 'kafkajs';
import { SCHEDULER_CONFIG, type SchedulerConfig } from '../scheduler-config';
import { SeriesUpdateHandler } from './series-update-handler';

const RETRY_BACKOFF = { initialMs: 500, maxMs: 10_000 };

/**
 * Consumes the ingestor's series-updated events in a consumer group (any number of schedulers share the partitions).
 * The events of a fetched batch are merged per series, handled, and only then committed: a crash means redelivery,
 * which scoring and forecasting absorb (they are idempotent); every-N-points may count those points again.
 * A series whose handling fails deterministically is logged and passed over: an event is advice, not data.
 */
@Injectable()
export class SeriesEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SeriesEvents');
  private readonly runner: BatchRunner<number>;

  constructor(
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    private readonly handler: SeriesUpdateHandler,
    health: HealthChecks,
  ) {
    const kafka = createKafka(config, (level, message, extra) =>
      this.logger[level === 'info' || level === 'debug' ? 'debug' : level](`${message} ${JSON.stringify(extra)}`),
    );
    this.runner = new BatchRunner(
      kafka,
      {
        groupId: config.TSF_SCHEDULER_GROUP_ID,
        consumer: consumerSettings(config),
        topics: [config.TSF_TOPIC_SERIES_EVENTS],
        retry: { ...RETRY_BACKOFF, isDeterministic: isDeterministicDatabaseError },
      },
      (batch, steps) => this.handleBatch(batch, steps),
    );
    this.runner.on('step.retrying', ({ step, error, attempt, delayMs }) =>
      this.logger.warn(`${step} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${error.message}`),
    );
    this.runner.on('consumer.crashed', ({ error, restarting }) => this.logger.error(`consumer crashed${restarting ? ', kafkajs restarts it' : ''}: ${error.message}`));
    health.addReadiness('consumer', () => this.runner.health());
    health.addLiveness('consumer', () => ({ ok: this.runner.health().details.state !== 'crashed' }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await initBackend(this.config.TSF_TF_BACKEND);
    await this.runner.start();
    this.logger.log(`consuming ${this.config.TSF_TOPIC_SERIES_EVENTS}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /** Handles each series once per batch; resolves to the number of series handled. */
  private async handleBatch(batch: Batch, steps: BatchSteps): Promise<number> {
    const pointsBySeries = new Map<string, number>();
    for (const message of batch.messages) {
      const parsed = seriesUpdatedEventSchema.safeParse(safeJson(message.value?.toString('utf8')));
      if (!parsed.success) {
        this.logger.warn(`skipping a malformed event at offset ${message.offset}: ${parsed.error.issues[0]?.message}`);
        continue;
      }
      pointsBySeries.set(parsed.data.series, (pointsBySeries.get(parsed.data.series) ?? 0) + parsed.data.points);
    }
    for (const [series, points] of pointsBySeries) {
      try {
        await steps.run('handle', () => this.handler.handle(series, points));
      } catch (error) {
        if (!isDeterministicDatabaseError(error)) throw error;
        this.logger.error(`series ${series}: passed over, the database refuses its update: ${(error as Error).message}`);
      }
      await steps.heartbeat();
    }
    return pointsBySeries.size;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
