import { PanelSet } from '../panels';
import { tsfDashboard } from '../tsf-dashboard';

const RATE = '[$__rate_interval]';

const fitQuantile = (q: number) => ({
  expr: `histogram_quantile(${q}, sum by (le, architecture) (rate(tsf_training_duration_seconds_bucket${RATE})))`,
  legend: `p${Math.round(q * 100)} {{architecture}}`,
});

/**
 * The training queue (Postgres): jobs by state, outcomes and durations over time, the latest jobs; and the trainers
 * (Prometheus): outcomes as they happen, fit durations by architecture, epochs/s, the backends in use.
 */
export const training = tsfDashboard({
  uid: 'tsf-training',
  title: 'tsf / Training',
  description: 'Training jobs from the Postgres queue',
  panels: new PanelSet()
    .sql({
      title: 'Jobs by state',
      type: 'stat',
      gridPos: { x: 0, y: 0, w: 8, h: 8 },
      format: 'table',
      columns: ['status', 'jobs'],
      sql: `SELECT status::text AS status, count(*) AS jobs FROM training_jobs
WHERE $__timeFilter(created_at) OR status IN ('queued', 'running')
GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      title: 'Finished jobs',
      type: 'timeseries',
      gridPos: { x: 8, y: 0, w: 16, h: 8 },
      format: 'time_series',
      columns: ['time', 'succeeded', 'failed', 'cancelled'],
      sql: `SELECT $__timeGroupAlias(finished_at, $__interval),
  count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
  count(*) FILTER (WHERE status = 'failed') AS failed,
  count(*) FILTER (WHERE status = 'cancelled') AS cancelled
FROM training_jobs WHERE finished_at IS NOT NULL AND $__timeFilter(finished_at)
GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      title: 'Training duration',
      type: 'timeseries',
      gridPos: { x: 0, y: 8, w: 24, h: 8 },
      format: 'time_series',
      unit: 's',
      columns: ['time', 'mean_seconds', 'max_seconds'],
      sql: `SELECT $__timeGroupAlias(finished_at, $__interval),
  avg(extract(epoch FROM finished_at - started_at)) AS mean_seconds,
  max(extract(epoch FROM finished_at - started_at)) AS max_seconds
FROM training_jobs WHERE status = 'succeeded' AND started_at IS NOT NULL AND $__timeFilter(finished_at)
GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      title: 'Latest jobs',
      type: 'table',
      gridPos: { x: 0, y: 16, w: 24, h: 10 },
      format: 'table',
      columns: ['id', 'model', 'status', 'reason', 'attempts', 'progress', 'error', 'created_at', 'finished_at'],
      sql: `SELECT j.id, m.name AS model, j.status::text AS status, j.reason, j.attempts, j.progress::text AS progress, j.error, j.created_at, j.finished_at
FROM training_jobs j JOIN models m ON m.id = j.model_id
WHERE $__timeFilter(j.created_at) ORDER BY j.id DESC LIMIT 50`,
    })
    .prom({
      title: 'Job outcomes on the trainers',
      type: 'timeseries',
      gridPos: { x: 0, y: 26, w: 12, h: 8 },
      queries: [{ expr: `sum by (outcome) (increase(tsf_training_jobs_total${RATE}))`, legend: '{{outcome}}' }],
    })
    .prom({
      title: 'Queue depth and jobs in progress',
      type: 'timeseries',
      gridPos: { x: 12, y: 26, w: 12, h: 8 },
      queries: [
        { expr: 'max by (status) (tsf_training_queue_jobs)', legend: '{{status}} (queue)' },
        { expr: 'sum(tsf_training_jobs_in_progress)', legend: 'in progress (trainers)' },
      ],
    })
    .prom({
      title: 'Fit duration (p50, p90)',
      type: 'timeseries',
      gridPos: { x: 0, y: 34, w: 12, h: 8 },
      unit: 's',
      queries: [fitQuantile(0.5), fitQuantile(0.9)],
    })
    .prom({
      title: 'Epochs per second (latest fit)',
      type: 'timeseries',
      gridPos: { x: 12, y: 34, w: 8, h: 8 },
      queries: [{ expr: 'avg by (architecture) (tsf_training_epochs_per_second)', legend: '{{architecture}}' }],
    })
    .prom({
      title: 'Trainers by backend',
      type: 'stat',
      gridPos: { x: 20, y: 34, w: 4, h: 8 },
      queries: [{ expr: 'sum by (backend) (tsf_trainer_backend)', legend: '{{backend}}' }],
    }),
});
