import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKey, PrismaClient } from '../generated/prisma/client';
import type { ApiScope } from '../generated/prisma/enums';

/**
 * The key a client sends: `tsf_<id>_<secret>`. The id is public (it names the key in listings and is its primary key);
 * only a sha256 of the secret is stored, so a leaked table does not leak keys.
 */
const KEY_FORMAT = /^tsf_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  id: string;
  secret: string;
}

/** A key as a caller presents it, split into its id and secret; null when it is not shaped like a key. */
export function parseApiKey(key: string): ParsedApiKey | null {
  const match = KEY_FORMAT.exec(key);
  return match ? { id: match[1], secret: match[2] } : null;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** API keys in `api_keys`. Changes that matter (revocation) are announced to API processes by a database trigger. */
export class ApiKeyStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** A new random key (48 bits of id, 256 bits of secret); `key` is the only copy of it there will ever be. */
  async create(name: string, scopes: ApiScope[]): Promise<{ key: string; record: ApiKey }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record = await this.prisma.apiKey.create({ data: { id, name, secretHash: hashSecret(secret), scopes } });
    return { key: `tsf_${id}_${secret}`, record };
  }

  find(id: string): Promise<ApiKey | null> {
    return this.prisma.apiKey.findUnique({ where: { id } });
  }

  list(): Promise<ApiKey[]> {
    return this.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
  }

  /** Revokes a key: 'revoked', 'already' (revoked before), or 'unknown'. */
  async revoke(id: string): Promise<'revoked' | 'already' | 'unknown'> {
    const { count } = await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 1) return 'revoked';
    return (await this.find(id)) ? 'already' : 'unknown';
  }

  /** Records that a key was used (callers do it once per read of the key, not per request). */
  async touch(id: string): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  }
}
