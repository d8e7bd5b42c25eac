export * from './health';
export { HEALTH_PATHS } from './health/health-routes';
export { createMetricsRegistry } from './metrics/metrics-registry';
export { type MetricsServer, type MetricsServerOptions, serveMetrics } from './metrics/metrics-server';
export { MetricsModule } from './metrics/metrics.module';
export { EXIT_CONFIG, runApp } from './run-app';
export * from './grafana';
