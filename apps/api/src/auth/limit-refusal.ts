import { HttpException, HttpStatus, UnprocessableEntityException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiMetrics } from '../metrics/api-metrics';
import type { TakeResult } from './token-bucket';

/** The limits a request can be refused by, as tsf_api_rejected_total labels them. */
export type LimitName = 'rate' | 'cost' | 'cost_burst' | 'forecast_values' | 'auth_failures';

/**
 * 429 problem with Retry-After (seconds until the bucket holds enough again), counted by the limit that refused;
 * `limit` in the problem names the variable that sets it.
 */
export function tooManyRequests(reply: FastifyReply, metrics: ApiMetrics, limit: LimitName, variable: string, refused: TakeResult, detail: string): HttpException {
  metrics.rejected.inc({ limit });
  reply.header('Retry-After', refused.retryAfterS);
  return new HttpException({ title: 'Too Many Requests', detail: `${detail}; retry in ${refused.retryAfterS} s`, limit: variable }, HttpStatus.TOO_MANY_REQUESTS);
}

/** 422 problem for a request that no wait would let through: it alone exceeds `variable`. */
export function overLimit(metrics: ApiMetrics, limit: LimitName, variable: string, detail: string, extensions: Record<string, number>): HttpException {
  metrics.rejected.inc({ limit });
  return new UnprocessableEntityException({ title: 'Request over a limit', detail, limit: variable, ...extensions });
}
