/** Where a batch came from. */
export interface PartitionRef {
  topic: string;
  partition: number;
}

/** A batch whose offsets are committed, with what its handler reported. */
export interface BatchCommitted<R> extends PartitionRef {
  messages: number;
  firstOffset: string;
  lastOffset: string;
  /** From the batch in hand to its offset committed. */
  durationMs: number;
  /** Messages behind the partition's end after this commit. */
  lag: number;
  result: R;
}

export interface StepRetrying extends PartitionRef {
  step: string;
  error: Error;
  attempt: number;
  delayMs: number;
}

/**
 * The runner's instrumentation, as kafkajs' own instrumentation events: metrics, logs and health subscribe,
 * the runner itself logs nothing.
 */
export interface BatchRunnerEvents<R> {
  'batch.committed': [BatchCommitted<R>];
  /** The group assigned this member its partitions (possibly none). */
  'group.joined': [{ assignment: Record<string, number[]> }];
  'step.retrying': [StepRetrying];
  /** A partition stops fetching because a step of its batch keeps failing, or fetches again. */
  'partition.paused': [PartitionRef];
  'partition.resumed': [PartitionRef];
  /** kafkajs gave up on the consumer; `restarting` says whether it starts it again by itself. */
  'consumer.crashed': [{ error: Error; restarting: boolean }];
}
