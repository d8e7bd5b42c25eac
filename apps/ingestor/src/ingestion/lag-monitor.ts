import type { Admin, Kafka } from 'kafkajs';

export interface LagMonitorOptions {
  groupId: string;
  topic: string;
  intervalMs: number;
}

/**
 * Measures the group's lag on the partitions this process holds, from the brokers (end offsets) and the group's
 * committed offsets, so the lag keeps growing on the dashboard while the ingestor is stuck (batches only report
 * the lag they see when they commit).
 */
export class LagMonitor {
  private readonly admin: Admin;
  private timer?: NodeJS.Timeout;
  private refreshing = false;
  private partitions: number[] = [];

  constructor(
    kafka: Kafka,
    private readonly options: LagMonitorOptions,
    private readonly report: (partition: number, lag: number) => void,
  ) {
    this.admin = kafka.admin();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
  }

  assigned(partitions: number[]): void {
    this.partitions = partitions;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.admin.disconnect();
  }

  private async refresh(): Promise<void> {
    if (this.refreshing || this.partitions.length === 0) return;
    this.refreshing = true;
    try {
      const { groupId, topic } = this.options;
      const [ends, [committed]] = await Promise.all([this.admin.fetchTopicOffsets(topic), this.admin.fetchOffsets({ groupId, topics: [topic] })]);
      const committedBy = new Map(committed.partitions.map(({ partition, offset }) => [partition, Number(offset)]));
      for (const { partition, low, high } of ends) {
        if (!this.partitions.includes(partition)) continue;
        const from = committedBy.get(partition) ?? -1;
        this.report(partition, Number(high) - (from >= 0 ? from : Number(low)));
      }
    } catch {
      // Brokers unreachable: keep the last figures; the next tick tries again.
    } finally {
      this.refreshing = false;
    }
  }
}
