import { PanelSet } from '../panels';
import { tsfDashboard } from '../tsf-dashboard';
import { sqlVariable } from './variables';

const series = sqlVariable('series', 'Series', 'SELECT key AS series FROM series ORDER BY key');

const SERIES_FILTER = `s.key = '$series'`;

/** One series (`$series`): its actuals, the production forecasts made for it, their errors, and serving latency. */
export const forecastVsActual = tsfDashboard({
  uid: 'tsf-forecast-vs-actual',
  title: 'tsf / Forecast vs actual',
  description: 'Actuals of one series against the production forecasts made for it (scored once their horizon passed)',
  variables: [series.variable],
  extraChecks: [series.check],
  panels: new PanelSet()
    .sql({
      title: 'Actual and forecast',
      type: 'timeseries',
      gridPos: { x: 0, y: 0, w: 24, h: 10 },
      format: 'time_series',
      columns: ['time', 'actual', 'forecast'],
      sql: `SELECT t.time, avg(t.actual) AS actual, avg(t.forecast) AS forecast FROM (
  SELECT $__timeGroup(p.ts, $__interval) AS time, p.value AS actual, NULL::float8 AS forecast
  FROM points p JOIN series s ON s.id = p.series_id
  WHERE ${SERIES_FILTER} AND $__timeFilter(p.ts)
  UNION ALL
  SELECT $__timeGroup(e.origin_ts + f.step * e.step_ms * interval '1 millisecond', $__interval), NULL, f.value
  FROM forecast_evaluations e JOIN series s ON s.id = e.series_id
  CROSS JOIN LATERAL unnest(e.predicted) WITH ORDINALITY AS f(value, step)
  WHERE ${SERIES_FILTER} AND $__timeFilter(e.origin_ts)
) t GROUP BY t.time ORDER BY t.time`,
    })
    .sql({
      title: 'Forecast error (scored forecasts)',
      type: 'timeseries',
      gridPos: { x: 0, y: 10, w: 12, h: 8 },
      format: 'time_series',
      columns: ['time', 'mae', 'rmse'],
      sql: `SELECT $__timeGroupAlias(e.evaluated_at, $__interval), avg(e.mae) AS mae, avg(e.rmse) AS rmse
FROM forecast_evaluations e JOIN series s ON s.id = e.series_id
WHERE ${SERIES_FILTER} AND e.evaluated_at IS NOT NULL AND $__timeFilter(e.evaluated_at)
GROUP BY 1 ORDER BY 1`,
    })
    .prom({
      title: 'Forecast latency (p50, p95)',
      type: 'timeseries',
      gridPos: { x: 12, y: 10, w: 12, h: 8 },
      unit: 's',
      queries: [0.5, 0.95].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(tsf_api_forecast_duration_seconds_bucket[$__rate_interval])))`,
        legend: `p${q * 100}`,
      })),
    })
    .prom({
      title: 'API cache hit ratio',
      type: 'timeseries',
      gridPos: { x: 0, y: 18, w: 12, h: 8 },
      unit: 'percentunit',
      queries: [
        {
          expr: 'sum by (cache) (rate(tsf_api_cache_lookups_total{result="hit"}[$__rate_interval])) / sum by (cache) (rate(tsf_api_cache_lookups_total[$__rate_interval]))',
          legend: '{{cache}}',
        },
      ],
    }),
});
