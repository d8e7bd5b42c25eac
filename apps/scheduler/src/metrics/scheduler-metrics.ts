import { Logger } from '@nestjs/common';
import type { PrismaClient } from '@tsf/db';
import { Gauge, type LabelValues, type Registry } from 'prom-client';

/** How many of a production version's latest scored forecasts make its recent error. */
export const RECENT_EVALUATIONS = 10;

/** Queue states worth watching: work waiting and work in hand (finished jobs only grow). */
const QUEUE_STATES = ['queued', 'running'] as const;

interface GaugeSample<L extends string> {
  labels: LabelValues<L>;
  value: number;
}

/**
 * The scheduler's Prometheus metrics, read from Postgres at each scrape: every replica reports the same values
 * (dashboards take `max by`), and none goes stale when another replica did the scoring.
 */
export class SchedulerMetrics {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly registry: Registry,
    prisma: PrismaClient,
  ) {
    this.gauge(
      'tsf_model_recent_error',
      `Mean error of each model's production version over its latest ${RECENT_EVALUATIONS} forecasts scored against actuals`,
      ['model', 'metric'],
      () => recentErrors(prisma),
    );
    this.gauge('tsf_training_queue_jobs', 'Training jobs in the Postgres queue, by state (queued includes jobs waiting out a retry delay)', ['status'], () =>
      queueDepth(prisma),
    );
  }

  /** A gauge refreshed at each scrape; when its query fails it has no samples this time, and the rest of the scrape still answers. */
  private gauge<L extends string>(name: string, help: string, labelNames: L[], read: () => Promise<GaugeSample<L>[]>): void {
    const logger = this.logger;
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const samples = await read().catch((error: unknown) => {
          logger.warn(`${name} not read: ${error instanceof Error ? error.message : String(error)}`);
          return [];
        });
        this.reset();
        for (const { labels, value } of samples) this.set(labels, value);
      },
    });
  }
}

async function recentErrors(prisma: PrismaClient): Promise<GaugeSample<'model' | 'metric'>[]> {
  const rows = await prisma.$queryRaw<{ model: string; mae: number; smape: number }[]>`
    SELECT m.name AS model, avg(r.mae) AS mae, avg(r.smape) AS smape
      FROM (SELECT e.model_id, e.mae, e.smape,
                   row_number() OVER (PARTITION BY e.model_id ORDER BY e.origin_ts DESC, e.id DESC) AS n
              FROM forecast_evaluations e JOIN model_versions v ON v.id = e.version_id AND v.stage = 'production'
             WHERE e.evaluated_at IS NOT NULL AND e.matched > 0) r
      JOIN models m ON m.id = r.model_id
     WHERE r.n <= ${RECENT_EVALUATIONS}
     GROUP BY m.name`;
  return rows.flatMap(({ model, mae, smape }) => [
    { labels: { model, metric: 'mae' }, value: mae },
    { labels: { model, metric: 'smape' }, value: smape },
  ]);
}

async function queueDepth(prisma: PrismaClient): Promise<GaugeSample<'status'>[]> {
  const rows = await prisma.$queryRaw<{ status: string; jobs: bigint }[]>`
    SELECT status::text AS status, count(*) AS jobs FROM training_jobs WHERE status::text = ANY(${[...QUEUE_STATES]}) GROUP BY 1`;
  const counts = new Map(rows.map((row) => [row.status, Number(row.jobs)]));
  return QUEUE_STATES.map((status) => ({ labels: { status }, value: counts.get(status) ?? 0 }));
}
