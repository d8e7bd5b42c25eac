export { answers, HEALTH_CHECK_TIMEOUT_MS, type HealthCheck, HealthChecks, type HealthKind, type HealthReport, type HealthResult, type IndicatorStatus } from './health-checks';
export { ProgressWatch } from './progress-watch';
