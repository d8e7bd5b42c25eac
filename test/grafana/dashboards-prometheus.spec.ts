import { createMetricsRegistry, tsfDashboards } from '@tsf/observability';
import type { Registry } from 'prom-client';
import { ApiMetrics } from '../../apps/api/src/metrics/api-metrics';
import { IngestionMetrics } from '../../apps/ingestor/src/metrics/ingestion-metrics';

/** Sample names the services expose: each metric's name, plus _bucket/_sum/_count for histograms and summaries. */
async function exportedSampleNames(registries: Registry[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      const type = String(metric.type);
      names.add(metric.name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

const promQueries = tsfDashboards.flatMap(({ file, dashboard }) =>
  (dashboard.panels ?? []).flatMap((panel) =>
    'targets' in panel && panel.datasource?.type === 'prometheus'
      ? (panel.targets ?? []).map((target) => ({ name: `${file} › ${panel.title} › ${target.refId}`, expr: (target as { expr: string }).expr }))
      : [],
  ),
);

describe('Grafana Prometheus panels', () => {
  let exported: Set<string>;

  beforeAll(async () => {
    const ingestor = createMetricsRegistry('ingestor');
    new IngestionMetrics(ingestor);
    exported = await exportedSampleNames([ingestor, new ApiMetrics().registry]);
  });

  it('has Prometheus panels to check', () => {
    expect(promQueries.length).toBeGreaterThan(5);
  });

  it.each(promQueries.map((query) => [query.name, query.expr] as const))('%s names only metrics the services export', (_name, expr) => {
    const metrics = expr.match(/\btsf_[a-z0-9_]+\b/g) ?? [];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.filter((metric) => !exported.has(metric))).toEqual([]);
  });
});
