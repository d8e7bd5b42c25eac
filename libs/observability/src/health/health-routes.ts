import type { ServerResponse } from 'node:http';
import type { HealthChecks, HealthKind } from './health-checks';

/** The probe paths, the same as the API's. */
export const HEALTH_PATHS: ReadonlyMap<string, HealthKind> = new Map([
  ['/health/live', 'liveness'],
  ['/health/ready', 'readiness'],
]);

/** Answers a probe: 200 when every check of `kind` is up, 503 otherwise, the report as JSON either way. */
export async function answerHealth(checks: HealthChecks, kind: HealthKind, response: ServerResponse): Promise<void> {
  const report = await checks.report(kind);
  response.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(report));
}
