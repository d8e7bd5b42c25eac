/** A small registry history: one series with points, a model with two versions, a promotion, scored forecasts, jobs. */
export const REGISTRY_SEED = `
INSERT INTO series (id, key) VALUES (1, 'demo/a');
INSERT INTO points (series_id, ts, value) SELECT 1, now() - g * interval '10 minutes', g FROM generate_series(1, 100) g;
INSERT INTO models (id, name, series_key, architecture, lookback, horizon, updated_at) VALUES (1, 'demo', 'demo/a', 'lstm', 8, 4, now());
INSERT INTO model_versions (id, model_id, version, stage, metrics, artifact_sha256) VALUES
  (1, 1, 1, 'archived', '{"rmse": 1.5}', 'a'), (2, 1, 2, 'production', '{"rmse": 1.2}', 'b');
INSERT INTO promotions (model_id, version_id, previous_version_id, reason, created_at) VALUES (1, 2, 1, 'policy', now() - interval '2 hours');
INSERT INTO forecast_evaluations (model_id, version_id, series_id, origin_ts, step_ms, predicted, evaluated_at, matched, mae, rmse, smape)
  SELECT 1, 2, 1, now() - g * interval '1 hour', 600000, ARRAY[1.0, 2.0, 3.0, 4.0], now() - g * interval '30 minutes', 4, 0.5, 0.7, 0.1
  FROM generate_series(1, 5) g;
INSERT INTO training_jobs (model_id, status, reason, progress, created_at, started_at, finished_at, version_id) VALUES
  (1, 'succeeded', 'cron', '{"epoch": 5}', now() - interval '3 hours', now() - interval '3 hours', now() - interval '170 minutes', 2),
  (1, 'failed', 'manual', '{}', now() - interval '1 hour', now() - interval '1 hour', now() - interval '50 minutes', NULL),
  (1, 'running', 'drift', '{"epoch": 2}', now(), now(), NULL, NULL);
`;
