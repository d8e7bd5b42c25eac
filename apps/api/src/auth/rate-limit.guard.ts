import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ACCESS_METADATA, type RouteAccess } from './access';
import type { CallerRequest } from './caller';
import { TokenBuckets } from './token-bucket';

/**
 * Rate limit per API key (per client address for requests without one), in this process: TSF_API_RATE_LIMIT
 * requests/s sustained, TSF_API_RATE_BURST at once; 429 with Retry-After beyond. Public routes are not limited.
 * Runs after ApiKeyGuard, which has identified the caller.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.buckets = new TokenBuckets(config.TSF_API_RATE_LIMIT, config.TSF_API_RATE_BURST);
  }

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<CallerRequest>();
    const caller = req.caller ? `key:${req.caller.id}` : `ip:${req.ip ?? 'unknown'}`;
    const result = this.buckets.take(caller);
    const res = context.switchToHttp().getResponse<FastifyReply>();
    res.header('RateLimit-Limit', this.buckets.burst);
    res.header('RateLimit-Remaining', result.remaining);
    if (result.allowed) return true;
    res.header('Retry-After', result.retryAfterS);
    throw new HttpException(
      {
        title: 'Too Many Requests',
        detail: `rate limit of ${this.buckets.ratePerSecond} requests/s (bursts of ${this.buckets.burst}) exceeded for ${req.caller ? `API key ${req.caller.id}` : 'this client'}; retry in ${result.retryAfterS} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
