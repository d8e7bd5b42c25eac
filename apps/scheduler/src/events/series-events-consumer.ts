import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { seriesUpdatedEventSchema } from '@tsf/contracts';
import { initBackend } from '@tsf/forecasting';
import { consumerSettings, createKafka } from '@tsf/kafka';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { SCHEDULER_CONFIG, type SchedulerConfig } from '../scheduler-config';
import { SeriesUpdateHandler } from './series-update-handler';

/**
 * Consumes the ingestor's series-updated events in a consumer group (any number of schedulers share the partitions).
 * The events of a fetched batch are merged per series, handled, and only then committed: a crash means redelivery,
 * which scoring and forecasting absorb (they are idempotent); every-N-points may count those points again.
 */
@Injectable()
export class SeriesEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SeriesEvents');
  private readonly consumer: Consumer;

  constructor(
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    private readonly handler: SeriesUpdateHandler,
  ) {
    const kafka = createKafka(config, (level, message, extra) =>
      this.logger[level === 'info' || level === 'debug' ? 'debug' : level](`${message} ${JSON.stringify(extra)}`),
    );
    this.consumer = kafka.consumer({ groupId: config.TSF_SCHEDULER_GROUP_ID, ...consumerSettings(config) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await initBackend(this.config.TSF_TF_BACKEND);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.config.TSF_TOPIC_SERIES_EVENTS], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
    this.logger.log(`consuming ${this.config.TSF_TOPIC_SERIES_EVENTS}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handleBatch({ batch, isRunning, isStale, heartbeat, resolveOffset }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
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
      await this.handler.handle(series, points);
      await heartbeat();
    }
    resolveOffset(batch.lastOffset());
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
