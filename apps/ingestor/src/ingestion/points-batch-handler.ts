import type { SeriesPoints } from '@tsf/contracts';
import { isDeterministicDatabaseError, type PointWriter, type SeriesWriteStats } from '@tsf/db';
import { type BatchCommitted, type BatchSteps, undecodableBatch, type UndecodableBatch } from '@tsf/kafka';
import type { Batch, KafkaMessage } from 'kafkajs';
import type { PointsFormats } from '../formats';
import type { IngestPublisher } from './ingest-publisher';
import { type DeadLetter, type DecodedMessage, sortMessages } from './sort-messages';

/** What one committed batch of points did. */
export interface PointsBatchResult {
  points: number;
  deadLetters: DeadLetter[];
  /** Offset ranges whose record batch no codec could decode: recorded in the dead-letter topic, then skipped. */
  skipped: UndecodableBatch[];
}

export type BatchReport = BatchCommitted<PointsBatchResult>;

/**
 * The ingestion of one fetched batch: decode and validate each message in its topic's format, write all good points
 * in one idempotent statement, dead-letter the bad messages, publish series-updated events; the runner commits after.
 * A crash anywhere before the commit means redelivery, which the idempotent writer absorbs: every point ends up in
 * the table exactly once.
 *
 * No message can stop ingestion: a write that fails deterministically (a constraint or an encoding that Postgres
 * refuses although the contract passed it) is split in halves until the refused messages are found, and those are
 * dead-lettered with the database's reason while the rest is stored; transient failures are retried by the runner.
 */
export class PointsBatchHandler {
  constructor(
    private readonly writer: PointWriter,
    private readonly publisher: IngestPublisher,
    private readonly formats: PointsFormats,
  ) {}

  async handle(batch: Batch, steps: BatchSteps): Promise<PointsBatchResult> {
    const { readable, skipped } = splitUndecodable(batch.messages);
    const format = this.formats.formatOf(batch.topic);
    const { good, bad } = await steps.run('decode', () => sortMessages(readable, format));

    const [written] = await Promise.all([
      this.writeIsolating(good, steps),
      steps.run('dead-letter', () => this.publisher.deadLetter(batch.topic, batch.partition, bad)),
      steps.run('dead-letter', () => this.publisher.undecodable(batch.topic, batch.partition, skipped)),
    ]);
    if (written.refused.length > 0) {
      await steps.run('dead-letter', () => this.publisher.deadLetter(batch.topic, batch.partition, written.refused));
    }
    await steps.run('series-events', () => this.publisher.seriesUpdated(written.stats));
    return { points: written.stats.reduce((sum, s) => sum + s.points, 0), deadLetters: [...bad, ...written.refused], skipped };
  }

  /** Writes the messages' points; a deterministic refusal is narrowed down to the messages that cause it. */
  private async writeIsolating(messages: DecodedMessage[], steps: BatchSteps): Promise<{ stats: SeriesWriteStats[]; refused: DeadLetter[] }> {
    if (messages.length === 0) return { stats: [], refused: [] };
    try {
      return { stats: await steps.run('write', () => this.writer.write(pointsOf(messages))), refused: [] };
    } catch (error) {
      if (!isDeterministicDatabaseError(error)) throw error;
      if (messages.length === 1) {
        return { stats: [], refused: [{ message: messages[0]!.message, reason: 'unstorable', detail: `the database refused it: ${(error as Error).message}` }] };
      }
      const half = Math.ceil(messages.length / 2);
      const [first, second] = [await this.writeIsolating(messages.slice(0, half), steps), await this.writeIsolating(messages.slice(half), steps)];
      return { stats: [...first.stats, ...second.stats], refused: [...first.refused, ...second.refused] };
    }
  }
}

function pointsOf(messages: DecodedMessage[]): SeriesPoints[] {
  return messages.flatMap(({ series }) => series);
}

/** Placeholders of undecodable record batches (one per offset) become one range each; the rest is read as usual. */
function splitUndecodable(messages: KafkaMessage[]): { readable: KafkaMessage[]; skipped: UndecodableBatch[] } {
  const readable: KafkaMessage[] = [];
  const skipped = new Map<string, UndecodableBatch>();
  for (const message of messages) {
    const undecodable = undecodableBatch(message);
    if (undecodable) skipped.set(undecodable.firstOffset, undecodable);
    else readable.push(message);
  }
  return { readable, skipped: [...skipped.values()] };
}
