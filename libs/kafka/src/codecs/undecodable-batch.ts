import type { KafkaMessage } from 'kafkajs';
import { z } from 'zod';

/** The header of a placeholder record: it stands for a record of a batch no codec could decode. */
export const UNDECODABLE_HEADER = 'tsf-undecodable';

/** A batch no codec could decode: its labelled codec, the last error, and the offsets it spans (inclusive). */
export interface UndecodableBatch {
  codec: string;
  reason: string;
  firstOffset: string;
  lastOffset: string;
}

const undecodableBatchSchema = z.object({
  codec: z.string(),
  reason: z.string(),
  firstOffset: z.string().regex(/^\d+$/),
  lastOffset: z.string().regex(/^\d+$/),
}) satisfies z.ZodType<UndecodableBatch>;

/**
 * The batch a consumed message is a placeholder for, or undefined for a real message. A placeholder has neither key
 * nor value, so a producer's own header of the same name on a real message is never taken for one.
 */
export function undecodableBatch(message: KafkaMessage): UndecodableBatch | undefined {
  const header = message.headers?.[UNDECODABLE_HEADER];
  if (message.key !== null || message.value !== null || !Buffer.isBuffer(header)) return undefined;
  try {
    const parsed = undecodableBatchSchema.safeParse(JSON.parse(header.toString()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
