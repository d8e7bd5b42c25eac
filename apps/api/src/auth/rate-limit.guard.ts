import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { ACCESS_METADATA, type RouteAccess } from './access';
import { type CallerRequest, limitedCaller } from './caller';
import { tooManyRequests } from './limit-refusal';
import { TokenBuckets } from './token-bucket';

/**
 * Rate limit per API key (per client address for requests without one), in this process: TSF_API_RATE_LIMIT
 * requests/s sustained, TSF_API_RATE_BURST at once; 429 with Retry-After beyond. Public routes are not limited.
 * Runs after ApiKeyGuard, which has identified the caller. Every request costs 1 here; the work a forecast or a
 * write asks for is charged to WorkBudget once its body is validated.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly reflector: Reflector,
    private readonly metrics: ApiMetrics,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.buckets = new TokenBuckets(config.TSF_API_RATE_LIMIT, config.TSF_API_RATE_BURST);
  }

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<CallerRequest>();
    const caller = limitedCaller(req);
    const result = this.buckets.take(caller.bucket);
    const res = context.switchToHttp().getResponse<FastifyReply>();
    res.header('RateLimit-Limit', this.buckets.burst);
    res.header('RateLimit-Remaining', result.remaining);
    if (result.allowed) return true;
    throw tooManyRequests(
      res,
      this.metrics,
      'rate',
      'TSF_API_RATE_LIMIT',
      result,
      `rate limit of ${this.buckets.ratePerSecond} requests/s (bursts of ${this.buckets.burst}) exceeded for ${caller.description}`,
    );
  }
}
