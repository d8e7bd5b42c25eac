export { createMetricsRegistry } from './metrics/metrics-registry';
export { type MetricsServer, serveMetrics } from './metrics/metrics-server';
export { EXIT_CONFIG, runApp } from './run-app';
export * from './grafana';
