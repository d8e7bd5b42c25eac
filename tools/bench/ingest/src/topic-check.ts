import type { Admin } from 'kafkajs';

/** The mock keeps about 5 MB per partition and silently drops older records: a trimmed partition would void the run. */
export async function assertNothingTrimmed(admin: Admin, topic: string): Promise<void> {
  const trimmed = (await admin.fetchTopicOffsets(topic)).filter(({ low }) => Number(low) > 0);
  if (trimmed.length > 0) throw new Error(`the mock dropped records of ${topic} partitions ${trimmed.map((p) => p.partition).join(',')}: use more --partitions`);
}
