import type { AnnotationQuery } from '@grafana/schema';
import { PanelSet, POSTGRES, type PostgresQuery } from '../panels';
import { tsfDashboard } from '../tsf-dashboard';
import { sqlVariable } from './variables';

const model = sqlVariable('model', 'Model', 'SELECT name AS model FROM models ORDER BY name');

const MODEL_FILTER = `m.name = '$model'`;

const PROMOTIONS_SQL = `SELECT p.created_at AS time, 'v' || v.version || ' to production (' || p.reason || ')' AS text, p.reason AS tags
FROM promotions p JOIN models m ON m.id = p.model_id JOIN model_versions v ON v.id = p.version_id
WHERE ${MODEL_FILTER} AND $__timeFilter(p.created_at)
ORDER BY p.created_at`;

const promotionsTarget: PostgresQuery = { refId: 'Anno', rawSql: PROMOTIONS_SQL, rawQuery: true, editorMode: 'code', format: 'table' };

const promotions: AnnotationQuery = { name: 'Promotions', datasource: POSTGRES, enable: true, iconColor: 'purple', target: promotionsTarget };

/** One model (`$model`): production error on recent actuals over time, per version, with promotions marked; every model's recent error. */
export const modelAccuracy = tsfDashboard({
  uid: 'tsf-model-accuracy',
  title: 'tsf / Model accuracy',
  description: 'Production forecasts scored against actuals; promotions and rollbacks as annotations',
  variables: [model.variable],
  annotations: [promotions],
  extraChecks: [model.check, { panel: 'annotation Promotions', sql: PROMOTIONS_SQL, columns: ['time', 'text', 'tags'] }],
  panels: new PanelSet()
    .sql({
      title: 'Error on actuals over time',
      type: 'timeseries',
      gridPos: { x: 0, y: 0, w: 24, h: 10 },
      format: 'time_series',
      columns: ['time', 'mae', 'rmse', 'smape'],
      sql: `SELECT $__timeGroupAlias(e.evaluated_at, $__interval), avg(e.mae) AS mae, avg(e.rmse) AS rmse, avg(e.smape) AS smape
FROM forecast_evaluations e JOIN models m ON m.id = e.model_id
WHERE ${MODEL_FILTER} AND e.evaluated_at IS NOT NULL AND $__timeFilter(e.evaluated_at)
GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      title: 'Versions',
      type: 'table',
      gridPos: { x: 0, y: 10, w: 24, h: 9 },
      format: 'table',
      columns: ['version', 'stage', 'holdout_rmse', 'scored_forecasts', 'mae_on_actuals', 'created_at'],
      sql: `SELECT v.version, v.stage::text AS stage, (v.metrics->>'rmse')::float8 AS holdout_rmse,
  count(e.id) FILTER (WHERE e.evaluated_at IS NOT NULL) AS scored_forecasts, avg(e.mae) AS mae_on_actuals, v.created_at
FROM model_versions v JOIN models m ON m.id = v.model_id
LEFT JOIN forecast_evaluations e ON e.version_id = v.id
WHERE ${MODEL_FILTER}
GROUP BY v.id ORDER BY v.version DESC`,
    })
    .prom({
      title: 'Recent error of $model (latest scored forecasts)',
      type: 'timeseries',
      gridPos: { x: 0, y: 19, w: 12, h: 8 },
      queries: [{ expr: `max by (metric) (tsf_model_recent_error{model="$model"})`, legend: '{{metric}}' }],
    })
    .prom({
      title: 'Recent MAE of every model',
      type: 'timeseries',
      gridPos: { x: 12, y: 19, w: 12, h: 8 },
      queries: [{ expr: `max by (model) (tsf_model_recent_error{metric="mae"})`, legend: '{{model}}' }],
    }),
});
