import type { PrismaClient } from '@tsf/db';
import { createMetricsRegistry, tsfDashboards } from '@tsf/observability';
import type { Registry } from 'prom-client';
import { ApiMetrics } from '../../apps/api/src/metrics/api-metrics';
import { IngestionMetrics } from '../../apps/ingestor/src/metrics/ingestion-metrics';
import { SchedulerMetrics } from '../../apps/scheduler/src/metrics/scheduler-metrics';
import { TrainingMetrics } from '../../apps/trainer/src/metrics/training-metrics';

/**
 * Sample names the services expose: each metric's name, plus _bucket/_sum/_count for histograms and summaries.
 * Read from the registered metrics without collecting them (the scheduler's collect from Postgres at scrape time).
 */
function exportedSampleNames(registries: Registry[]): Set<string> {
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of registry.getMetricsAsArray()) {
      // A string at run time ('histogram'), whatever prom-client's typings say.
      const type = String(metric.type);
      names.add(metric.name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

/** Each service's metrics on a registry of its own, as its process registers them. */
function serviceRegistries(): Registry[] {
  const ingestor = createMetricsRegistry('ingestor');
  new IngestionMetrics(ingestor);
  const trainer = createMetricsRegistry('trainer');
  new TrainingMetrics(trainer);
  const scheduler = createMetricsRegistry('scheduler');
  // Never queried: names are read without collecting.
  new SchedulerMetrics(scheduler, {} as PrismaClient);
  return [ingestor, trainer, scheduler, new ApiMetrics().registry];
}

const promQueries = tsfDashboards.flatMap(({ file, dashboard }) =>
  (dashboard.panels ?? []).flatMap((panel) =>
    'targets' in panel && panel.datasource?.type === 'prometheus'
      ? (panel.targets ?? []).map((target) => ({ name: `${file} › ${panel.title} › ${target.refId}`, expr: (target as { expr: string }).expr }))
      : [],
  ),
);

describe('Grafana Prometheus panels', () => {
  const exported = exportedSampleNames(serviceRegistries());

  it('has Prometheus panels to check', () => {
    expect(promQueries.length).toBeGreaterThan(5);
  });

  it.each(promQueries.map((query) => [query.name, query.expr] as const))('%s names only metrics the services export', (_name, expr) => {
    const metrics = expr.match(/\btsf_[a-z0-9_]+\b/g) ?? [];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.filter((metric) => !exported.has(metric))).toEqual([]);
  });

  it.each(['tsf_training_jobs_total', 'tsf_training_duration_seconds_bucket', 'tsf_training_epochs_per_second', 'tsf_model_recent_error', 'tsf_series_stale'])(
    'has a panel charting %s',
    (metric) => {
      expect(promQueries.filter((query) => query.expr.includes(metric)).length).toBeGreaterThan(0);
    },
  );
});
