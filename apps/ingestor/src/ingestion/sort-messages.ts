import type { RejectReason, SeriesPoints } from '@tsf/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { PointsFormat } from '../formats';

export interface DeadLetter {
  message: KafkaMessage;
  reason: RejectReason;
  detail: string;
}

/** A valid message with its points, kept together so that a write the database refuses can be traced to its message. */
export interface DecodedMessage {
  message: KafkaMessage;
  series: SeriesPoints[];
}

/**
 * Splits a fetched batch into valid messages and dead letters; a bad message never takes a good one with it.
 * Rejects only when the format throws (a TransientDecodeError: the registry is down): then the whole batch is
 * retried, and no message is dead-lettered for a failure that was not its own.
 */
export async function sortMessages(messages: KafkaMessage[], format: PointsFormat): Promise<{ good: DecodedMessage[]; bad: DeadLetter[] }> {
  const good: DecodedMessage[] = [];
  const bad: DeadLetter[] = [];
  for (const message of messages) {
    const result = await format.decode(message);
    if (result.ok) good.push({ message, series: result.series });
    else bad.push({ message, reason: result.reason, detail: result.detail });
  }
  return { good, bad };
}
