import type { ApiScope } from '@tsf/contracts';
import type { FastifyRequest } from 'fastify';

/** The API key a request was made with, once verified. */
export interface CallerKey {
  id: string;
  name: string;
  scopes: ApiScope[];
}

export interface CallerRequest extends FastifyRequest {
  caller?: CallerKey;
}

/**
 * What a request presents: `Authorization: Bearer <key>` (the scheme in any case, RFC 7235 §2.1) or
 * `X-API-Key: <key>`. An Authorization header in another scheme is presented credentials too, and never valid:
 * ignoring it would let a client believe it is authenticated.
 */
export type PresentedCredentials = { key: string } | { unsupportedScheme: string };

const BEARER = /^bearer(?:\s+(.*))?$/is;

export function presentedCredentials(req: FastifyRequest): PresentedCredentials | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const bearer = BEARER.exec(authorization.trim());
    return bearer ? { key: (bearer[1] ?? '').trim() } : { unsupportedScheme: authorization.trim().split(/\s/, 1)[0] };
  }
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? { key: header.trim() } : undefined;
}

/** Whom a limit counts a request against: its verified key, or its client address when it has none. */
export function limitedCaller(req: CallerRequest): { bucket: string; description: string } {
  return req.caller ? { bucket: `key:${req.caller.id}`, description: `API key ${req.caller.id}` } : { bucket: `ip:${req.ip}`, description: 'this client' };
}
