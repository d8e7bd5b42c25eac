import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ApiKey, ApiKeyStore, parseApiKey, PrismaClient, secretMatches } from '@tsf/db';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { CHANNELS, DatabaseNotifications } from '../notifications/database-notifications';
import type { CallerKey } from './caller';

/** Keys remembered at most, so that requests with made-up key ids cannot grow memory without bound. */
const MAX_CACHED_KEYS = 10_000;

/**
 * Checks presented API keys against the hashes in `api_keys`. A key read from the database is trusted for
 * TSF_API_KEY_CACHE_MS; a revocation reaches every API process at once through `tsf_api_key_changed`.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly logger = new Logger('ApiKeys');
  private readonly cache = new Map<string, { key: Promise<ApiKey | null>; expiresAt: number }>();
  private readonly store: ApiKeyStore;

  constructor(
    prisma: PrismaClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    notifications: DatabaseNotifications,
  ) {
    this.store = new ApiKeyStore(prisma);
    notifications.on(CHANNELS.apiKeyChanged, (id) => this.cache.delete(id));
    notifications.onResync(() => this.cache.clear());
  }

  /** The caller a key belongs to; null for a malformed, unknown, revoked or wrong key. */
  async verify(presented: string): Promise<CallerKey | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const key = await this.stored(parsed.id);
    if (!key || key.revokedAt || !secretMatches(parsed.secret, key.secretHash)) return null;
    return { id: key.id, name: key.name, scopes: key.scopes };
  }

  private stored(id: string): Promise<ApiKey | null> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > now) return cached.key;
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value!);
    const key = this.read(id);
    this.cache.set(id, { key, expiresAt: now + this.config.TSF_API_KEY_CACHE_MS });
    key.catch(() => this.cache.delete(id));
    return key;
  }

  private async read(id: string): Promise<ApiKey | null> {
    const key = await this.store.find(id);
    if (key && !key.revokedAt) this.store.touch(id).catch((error: unknown) => this.logger.warn(`last_used_at of ${id}: ${String(error)}`));
    return key;
  }
}
