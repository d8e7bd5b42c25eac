import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BatchReport } from '../ingestion/points-batch-handler';

/** The ingestor's Prometheus metrics; names are the contract with dashboards and alerts (see docs/ingestion.md). */
export class IngestionMetrics {
  private readonly points: Counter;
  private readonly messages: Counter;
  private readonly deadLetters: Counter<'reason'>;
  private readonly batchSeconds: Histogram;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly paused: Gauge<'topic' | 'partition'>;
  private readonly undecodable: Counter<'topic'>;
  private readonly skippedMessages: Counter<'topic'>;
  private readonly retries: Counter<'step'>;
  private readonly lagLabels = new Map<string, Set<number>>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.points = new Counter({ name: 'tsf_ingest_points_total', help: 'Points stored and committed (rate() gives points/s)', registers });
    this.messages = new Counter({ name: 'tsf_ingest_messages_total', help: 'Messages consumed and committed, good and bad', registers });
    this.deadLetters = new Counter({
      name: 'tsf_ingest_dead_letters_total',
      help: 'Messages sent to the dead-letter topic, by reject reason',
      labelNames: ['reason'],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'tsf_ingest_batch_duration_seconds',
      help: 'From a fetched batch in hand to its offset committed: validate, write, dead-letter, events, commit',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.lag = new Gauge({
      name: 'tsf_ingest_consumer_lag',
      help: 'Messages between the group committed offset and the end of each partition this process consumes',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.paused = new Gauge({
      name: 'tsf_ingest_paused',
      help: '1 while a partition is paused because a step of its batch keeps failing',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.undecodable = new Counter({
      name: 'tsf_ingest_undecodable_batches_total',
      help: 'Record batches no codec could decode: recorded in the dead-letter topic and skipped',
      labelNames: ['topic'],
      registers,
    });
    this.skippedMessages = new Counter({
      name: 'tsf_ingest_skipped_messages_total',
      help: 'Offsets skipped inside undecodable record batches',
      labelNames: ['topic'],
      registers,
    });
    this.retries = new Counter({
      name: 'tsf_ingest_retries_total',
      help: 'Failed attempts of a batch step that were retried (write, dead-letter, series-events, commit)',
      labelNames: ['step'],
      registers,
    });
  }

  batchCommitted(report: BatchReport): void {
    const { points, deadLetters, skipped } = report.result;
    this.points.inc(points);
    this.messages.inc(report.messages);
    for (const { reason } of deadLetters) this.deadLetters.inc({ reason });
    for (const range of skipped) {
      this.undecodable.inc({ topic: report.topic });
      this.skippedMessages.inc({ topic: report.topic }, Number(BigInt(range.lastOffset) - BigInt(range.firstOffset)) + 1);
    }
    this.batchSeconds.observe(report.durationMs / 1000);
    this.partitionLag(report.topic, report.partition, report.lag);
  }

  partitionLag(topic: string, partition: number, lag: number): void {
    if (!this.lagLabels.get(topic)?.has(partition)) return;
    this.lag.set({ topic, partition: String(partition) }, lag);
  }

  /** Lag and pauses are reported for the partitions this process holds; those it gave up lose their series. */
  assigned(topic: string, partitions: number[]): void {
    const held = new Set(partitions);
    for (const partition of this.lagLabels.get(topic) ?? []) {
      if (held.has(partition)) continue;
      this.lag.remove({ topic, partition: String(partition) });
      this.paused.remove({ topic, partition: String(partition) });
    }
    for (const partition of held) this.paused.set({ topic, partition: String(partition) }, 0);
    this.lagLabels.set(topic, held);
  }

  retried(step: string): void {
    this.retries.inc({ step });
  }

  setPaused(topic: string, partition: number, paused: boolean): void {
    this.paused.set({ topic, partition: String(partition) }, paused ? 1 : 0);
  }
}
