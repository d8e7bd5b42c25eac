export { tsfDashboards } from './dashboards';
export { GrafanaClient, GrafanaError, type GrafanaAnnotation } from './grafana-client';
export { PROMOTION_TAGS, type PromotionRecord, pushPromotionAnnotations } from './promotion-annotations';
export { DASHBOARDS_DIR, provisioningFiles } from './provisioning';
export type { SqlCheck } from './panels';
export type { TsfDashboard } from './tsf-dashboard';
