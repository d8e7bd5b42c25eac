import type { FastifyInstance } from 'fastify';
import type { ApiMetrics } from './api-metrics';

/** Times every request once answered; the route label is the matched route pattern (bounded cardinality), not the raw path. */
export function timeHttpRequests(fastify: FastifyInstance, metrics: ApiMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
