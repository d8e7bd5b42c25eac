import { createPrismaClient } from '@tsf/db';
import { createMetricsRegistry } from '@tsf/observability';
import { SchedulerMetrics } from './scheduler-metrics';

describe('scheduler metrics', () => {
  it('still answers a scrape, without the Postgres gauges, when Postgres cannot be reached', async () => {
    // Port 1 on loopback: nothing listens, so every query fails at connect.
    const prisma = createPrismaClient('postgresql://postgres@127.0.0.1:1/unreachable');
    try {
      const registry = createMetricsRegistry('scheduler');
      new SchedulerMetrics(registry, prisma);
      const text = await registry.metrics();
      expect(text).toMatch(/^process_resident_memory_bytes\{app="scheduler"\} \d+/m);
      expect(text).not.toMatch(/^tsf_model_recent_error\{/m);
      expect(text).not.toMatch(/^tsf_training_queue_jobs\{/m);
    } finally {
      await prisma.$disconnect();
    }
  });
});
