import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { ApiScope } from '@tsf/contracts';
import { Fails } from '../http/api-responses';

/** Who may call a route: anyone (`public`: health, metrics), or a key with a scope (`read` only when reads need keys). */
export type RouteAccess = ApiScope | 'public';

export const ACCESS_METADATA = 'tsf:access';

/** Declares a route's (or a controller's) access, enforced by ApiKeyGuard and documented in the OpenAPI document. */
export const Access = (access: RouteAccess) =>
  access === 'public'
    ? SetMetadata(ACCESS_METADATA, access)
    : applyDecorators(SetMetadata(ACCESS_METADATA, access), ApiBearerAuth(), ApiSecurity('apiKey'), Fails(401, 403, 429));
