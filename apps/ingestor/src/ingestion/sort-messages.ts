import type { PointsLimits, RejectReason, SeriesPoints } from '@tsf/contracts';
import type { KafkaMessage } from 'kafkajs';
import { parsePoints } from './parse-points-fast';

export interface DeadLetter {
  message: KafkaMessage;
  reason: RejectReason;
  detail: string;
}

/** Splits a fetched batch into valid points and dead letters; a bad message never takes a good one with it. */
export function sortMessages(messages: KafkaMessage[], limits: PointsLimits): { good: SeriesPoints[]; bad: DeadLetter[] } {
  const good: SeriesPoints[] = [];
  const bad: DeadLetter[] = [];
  for (const message of messages) {
    const result = parsePoints(message.value, message.key?.toString() ?? null, limits);
    if (result.ok) good.push(result.value);
    else bad.push({ message, reason: result.reason, detail: result.detail });
  }
  return { good, bad };
}
