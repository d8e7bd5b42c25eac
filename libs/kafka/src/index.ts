export { consumerSettings } from './consumer-settings';
export { createKafka, type KafkaConfig, type KafkaLog } from './kafka-client';
export { roundRobinAssigner } from './round-robin-assigner';
