import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ACCESS_METADATA, type RouteAccess } from './access';
import { ApiKeyVerifier } from './api-key-verifier';
import { type CallerRequest, presentedKey } from './caller';

/**
 * Authenticates the key a request presents and enforces the route's scope. A route without an `@Access` needs
 * `admin` (closed by default). A presented key must be valid even where none is needed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: ApiKeyVerifier,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<CallerRequest>();
    const presented = presentedKey(req);
    if (presented !== undefined) {
      const caller = await this.verifier.verify(presented);
      if (!caller) throw new UnauthorizedException({ title: 'Unauthorized', detail: 'the API key is malformed, unknown or revoked' });
      req.caller = caller;
    }
    if (access === 'read' && !this.config.TSF_API_REQUIRE_READ_KEY) return true;
    if (!req.caller) {
      throw new UnauthorizedException({ title: 'Unauthorized', detail: `this needs an API key with the ${access} scope (Authorization: Bearer <key>)` });
    }
    if (!req.caller.scopes.includes(access)) {
      throw new ForbiddenException({ title: 'Forbidden', detail: `API key ${req.caller.id} does not have the ${access} scope`, requiredScope: access });
    }
    return true;
  }
}
