import { loadConfig } from '@tsf/config';
import { HEALTH_PATHS } from '@tsf/observability';
import { apiPublicGetRoutes } from './api-routes';
import { readRepoFile, sourceFiles } from './repo';

/** Where a process answers GET without credentials: one port and the paths on it. */
export interface HttpEndpoint {
  port: number;
  paths: Set<string>;
}

let apiRoutes: Set<string> | undefined;

/**
 * The HTTP a process of ours serves to probes and Prometheus, given its environment: the API's public routes on PORT; `GET /metrics`
 * and the health probes on TSF_METRICS_PORT for an app whose sources call `MetricsModule.forRoot` (libs/observability); nothing otherwise.
 */
export function httpEndpointOf(app: string, env: Record<string, string>): HttpEndpoint | undefined {
  if (app === 'api') {
    apiRoutes ??= apiPublicGetRoutes();
    return { port: loadConfig(['api'], env).PORT, paths: apiRoutes };
  }
  const servesMetrics = sourceFiles(`apps/${app}/src`).some((file) => /\bMetricsModule\.forRoot\(/.test(readRepoFile(file)));
  return servesMetrics ? { port: Number(env.TSF_METRICS_PORT ?? 0), paths: new Set(['/metrics', ...HEALTH_PATHS.keys()]) } : undefined;
}
