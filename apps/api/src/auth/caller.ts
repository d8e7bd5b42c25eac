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

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(req: FastifyRequest): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}
