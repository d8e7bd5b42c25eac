import type { Admin } from 'kafkajs';

/** Whether a consumer group's committed offsets have reached the end of every partition of a topic (empty partitions count as reached). */
export async function groupCaughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const at = new Map(committed.partitions.map(({ partition, offset }) => [partition, Number(offset)]));
  return ends.every(({ partition, high, low }) => Number(high) === Number(low) || at.get(partition) === Number(high));
}
