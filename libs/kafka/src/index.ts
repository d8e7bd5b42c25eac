export { type BatchHandler, BatchRunner, type BatchRunnerOptions, type BatchSteps, type RetryPolicy, type RunnerHealth, type RunnerState } from './batch-runner/batch-runner';
export type { BatchCommitted, BatchRunnerEvents, PartitionRef, StepRetrying } from './batch-runner/batch-runner-events';
export { producerCompression } from './codecs/compression-setting';
export { registerCodecs } from './codecs/register-codecs';
export { UNDECODABLE_HEADER, type UndecodableBatch, undecodableBatch } from './codecs/undecodable-batch';
export { consumerSettings } from './consumer-settings';
export { createKafka, type KafkaConfig, type KafkaLog } from './kafka-client';
export { roundRobinAssigner } from './round-robin-assigner';
