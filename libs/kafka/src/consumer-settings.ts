import type { ConsumerConfig } from 'kafkajs';
import type { KafkaConfig } from './kafka-client';
import { roundRobinAssigner } from './round-robin-assigner';

/** Group membership and fetch settings from config, shared by every consumer group of the platform. */
export function consumerSettings(config: KafkaConfig): Omit<ConsumerConfig, 'groupId'> {
  return {
    sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: Math.max(100, Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 10)),
    maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
    allowAutoTopicCreation: false,
    partitionAssigners: [roundRobinAssigner(config.KAFKA_LEADER_SYNC_DELAY_MS)],
  };
}
