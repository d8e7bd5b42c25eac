import { roundRobinAssigner } from '@tsf/kafka';
import type { ConsumerConfig } from 'kafkajs';

/**
 * Consumer settings for groups on the mock: `kafka.consumer({ groupId, ...mockConsumerSettings })`.
 * The platform's services get the same values from config (see LocalPlatform); these are for tests that
 * drive kafkajs directly.
 * - the assigner's leader delay: the librdkafka 2.0 mock completes SyncGroup as soon as the leader's arrives
 *   and answers later followers with INVALID_REQUEST, fatal to kafkajs; 500 ms lets followers sync first.
 * - sessionTimeout: a member joining a running group waits (sessionTimeout - 1 s) for the rebalance
 *   (29 s with kafkajs' default 30 s); 6 s is also Kafka's minimum, so the same value works on real brokers.
 * - maxWaitTimeInMs: an empty Fetch is held for the full wait even if data arrives meanwhile.
 */
export const MOCK_LEADER_SYNC_DELAY_MS = 500;

export const mockConsumerSettings = {
  sessionTimeout: 6_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 100,
  partitionAssigners: [roundRobinAssigner(MOCK_LEADER_SYNC_DELAY_MS)],
} satisfies Partial<ConsumerConfig>;
