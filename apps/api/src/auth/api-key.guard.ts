import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ACCESS_METADATA, type RouteAccess } from './access';
import { ApiKeyVerifier } from './api-key-verifier';
import { AuthFailureLimit } from './auth-failure-limit';
import { type CallerKey, type CallerRequest, type PresentedCredentials, presentedCredentials } from './caller';

/**
 * Authenticates the key a request presents and enforces the route's scope. A route without an `@Access` needs
 * `admin` (closed by default). Presented credentials must be valid even where none are needed (401 otherwise),
 * and an address that fails too often is refused (429) before its key is looked up.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: ApiKeyVerifier,
    private readonly failures: AuthFailureLimit,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<CallerRequest>();
    const presented = presentedCredentials(req);
    if (presented !== undefined) req.caller = await this.authenticate(req, context.switchToHttp().getResponse<FastifyReply>(), presented);
    if (access === 'read' && !this.config.TSF_API_REQUIRE_READ_KEY) return true;
    if (!req.caller) {
      throw new UnauthorizedException({ title: 'Unauthorized', detail: `this needs an API key with the ${access} scope (Authorization: Bearer <key>)` });
    }
    if (!req.caller.scopes.includes(access)) {
      throw new ForbiddenException({ title: 'Forbidden', detail: `API key ${req.caller.id} does not have the ${access} scope`, requiredScope: access });
    }
    return true;
  }

  private async authenticate(req: CallerRequest, reply: FastifyReply, presented: PresentedCredentials): Promise<CallerKey> {
    this.failures.reserve(req, reply);
    // A lookup that fails (the database down) is no failed authentication: its reservation goes back.
    const caller = 'key' in presented ? await this.verifier.verify(presented.key).catch(this.releasing(req)) : null;
    if (caller) {
      this.failures.release(req);
      return caller;
    }
    const detail =
      'key' in presented
        ? 'the API key is malformed, unknown or revoked'
        : `the Authorization scheme ${presented.unsupportedScheme} is not supported; send Authorization: Bearer <key>`;
    throw new UnauthorizedException({ title: 'Unauthorized', detail });
  }

  private releasing(req: CallerRequest): (error: unknown) => never {
    return (error) => {
      this.failures.release(req);
      throw error;
    };
  }
}
