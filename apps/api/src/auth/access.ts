import { applyDecorators, SetMetadata } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { ApiScope } from '@tsf/contracts';
import { Fails } from '../http/api-responses';

/** Who may call a route: anyone (`public`: health, metrics), or a key with a scope (`read` only when reads need keys). */
export type RouteAccess = ApiScope | 'public';

export const ACCESS_METADATA = 'tsf:access';

/** A new pair each time: Swagger's ApiSecurity keeps what it has written, so one instance applied twice writes both times'. */
const documentSecurity = () => applyDecorators(ApiBearerAuth(), ApiSecurity('apiKey'));

/**
 * The security requirement goes on each operation, never on the controller: Swagger lists a controller's requirement
 * and a route's both, so a write route in a read controller showed it twice. On a controller, it goes to each of its
 * routes that declare no access of their own (route decorators run before the controller's).
 */
function documentRouteSecurity(controller: { prototype: object }): void {
  const { prototype } = controller;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
    const handler: unknown = descriptor.value;
    if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
    if (Reflect.getMetadata(ACCESS_METADATA, handler) === undefined) documentSecurity()(prototype, name, descriptor);
  }
}

/** Declares a route's (or a controller's) access, enforced by ApiKeyGuard and documented in the OpenAPI document. */
export const Access =
  (access: RouteAccess) =>
  (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    SetMetadata(ACCESS_METADATA, access)(target, key!, descriptor!);
    if (access === 'public') return;
    Fails(401, 403, 429)(target, key!, descriptor!);
    if (descriptor) documentSecurity()(target, key!, descriptor);
    else documentRouteSecurity(target as { prototype: object });
  };
