import { PanelSet } from '../panels';
import { tsfDashboard } from '../tsf-dashboard';

const RATE = '[$__rate_interval]';

/** The ingestors (Prometheus): throughput, consumer lag, dead letters by reason, batch latency, retries, pauses; and stale series (the API). */
export const ingestion = tsfDashboard({
  uid: 'tsf-ingestion',
  title: 'tsf / Ingestion',
  description: 'Kafka → Postgres ingestion, from the ingestors\' /metrics; series that stopped receiving points, from the API\'s',
  refresh: '10s',
  panels: new PanelSet()
    .prom({
      title: 'Throughput',
      type: 'timeseries',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      unit: 'ops',
      queries: [
        { expr: `sum(rate(tsf_ingest_points_total${RATE}))`, legend: 'points/s' },
        { expr: `sum(rate(tsf_ingest_messages_total${RATE}))`, legend: 'messages/s' },
      ],
    })
    .prom({
      title: 'Consumer lag',
      type: 'timeseries',
      gridPos: { x: 12, y: 0, w: 12, h: 8 },
      queries: [{ expr: 'sum by (topic, partition) (tsf_ingest_consumer_lag)', legend: '{{topic}}/{{partition}}' }],
    })
    .prom({
      title: 'Dead letters by reason',
      type: 'timeseries',
      gridPos: { x: 0, y: 8, w: 12, h: 8 },
      unit: 'ops',
      queries: [{ expr: `sum by (reason) (rate(tsf_ingest_dead_letters_total${RATE}))`, legend: '{{reason}}' }],
    })
    .prom({
      title: 'Batch duration (p95)',
      type: 'timeseries',
      gridPos: { x: 12, y: 8, w: 12, h: 8 },
      unit: 's',
      queries: [{ expr: `histogram_quantile(0.95, sum by (le) (rate(tsf_ingest_batch_duration_seconds_bucket${RATE})))`, legend: 'p95' }],
    })
    .prom({
      title: 'Retried steps',
      type: 'timeseries',
      gridPos: { x: 0, y: 16, w: 12, h: 8 },
      queries: [{ expr: `sum by (step) (increase(tsf_ingest_retries_total${RATE}))`, legend: '{{step}}' }],
    })
    .prom({
      title: 'Paused ingestors',
      type: 'stat',
      gridPos: { x: 12, y: 16, w: 12, h: 8 },
      queries: [{ expr: 'sum(tsf_ingest_paused)' }],
    })
    .prom({
      // every API process counts the same series from Postgres: max, not sum; which ones: GET /v1/series (stale)
      title: 'Stale series (last point older than TSF_STALE_AFTER_STEPS steps)',
      type: 'stat',
      gridPos: { x: 0, y: 24, w: 12, h: 8 },
      queries: [{ expr: 'max(tsf_series_stale)' }],
    }),
});
