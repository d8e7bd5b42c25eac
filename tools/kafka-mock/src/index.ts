export { buildLauncher, KafkaMockCluster, type MockClusterOptions } from './mock-cluster';
export { MOCK_LEADER_SYNC_DELAY_MS, mockConsumerSettings } from './kafkajs-settings';
