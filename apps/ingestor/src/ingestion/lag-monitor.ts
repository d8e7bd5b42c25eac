import type { Admin, Kafka } from 'kafkajs';

export interface LagMonitorOptions {
  groupId: string;
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
  private assignment: Record<string, number[]> = {};

  constructor(
    kafka: Kafka,
    private readonly options: LagMonitorOptions,
    private readonly report: (topic: string, partition: number, lag: number) => void,
  ) {
    this.admin = kafka.admin();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
  }

  assigned(assignment: Record<string, number[]>): void {
    this.assignment = assignment;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.admin.disconnect();
  }

  private async refresh(): Promise<void> {
    const held = Object.entries(this.assignment).filter(([, partitions]) => partitions.length > 0);
    if (this.refreshing || held.length === 0) return;
    this.refreshing = true;
    try {
      await Promise.all(held.map(([topic, partitions]) => this.refreshTopic(topic, partitions)));
    } catch {
      // Brokers unreachable: keep the last figures; the next tick tries again.
    } finally {
      this.refreshing = false;
    }
  }

  private async refreshTopic(topic: string, partitions: number[]): Promise<void> {
    const { groupId } = this.options;
    const [ends, [committed]] = await Promise.all([this.admin.fetchTopicOffsets(topic), this.admin.fetchOffsets({ groupId, topics: [topic] })]);
    const committedBy = new Map(committed!.partitions.map(({ partition, offset }) => [partition, Number(offset)]));
    for (const { partition, low, high } of ends) {
      if (!partitions.includes(partition)) continue;
      const from = committedBy.get(partition) ?? -1;
      this.report(topic, partition, Number(high) - (from >= 0 ? from : Number(low)));
    }
  }
}
