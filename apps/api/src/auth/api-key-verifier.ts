import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ApiKey, ApiKeyStore, NOTIFICATION_CHANNELS, parseApiKey, PrismaClient, secretMatches } from '@tsf/db';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { DatabaseNotifications } from '../notifications/database-notifications';
import type { CallerKey } from './caller';

/** Keys (and ids known to be unknown) remembered at most, so that made-up key ids cannot grow memory without bound. */
const MAX_CACHED_KEYS = 10_000;

/**
 * Checks presented API keys against the hashes in `api_keys`. A key read from the database is trusted for
 * TSF_API_KEY_CACHE_MS; a revocation reaches every API process at once through `tsf_api_key_changed`.
 *
 * An id the database does not know is remembered as unknown for TSF_API_KEY_NEGATIVE_CACHE_MS, apart from the
 * known keys (made-up ids never evict a real key). The database announces no creation, so a key created within
 * that time of someone presenting its id is refused until the entry expires; ids are 48 random bits, so only a
 * caller who guessed the id beforehand can cause that, and the wait is a few seconds at most.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly logger = new Logger('ApiKeys');
  private readonly cache = new Map<string, { key: Promise<ApiKey | null>; expiresAt: number }>();
  private readonly unknownUntil = new Map<string, number>();
  private readonly store: ApiKeyStore;

  constructor(
    prisma: PrismaClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
    notifications: DatabaseNotifications,
  ) {
    this.store = new ApiKeyStore(prisma);
    notifications.on(NOTIFICATION_CHANNELS.apiKeyChanged, (id) => this.cache.delete(id));
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

  private async stored(id: string): Promise<ApiKey | null> {
    const now = Date.now();
    if ((this.unknownUntil.get(id) ?? 0) > now) return null;
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > now) return cached.key;
    const key = this.read(id);
    remember(this.cache, id, { key, expiresAt: now + this.config.TSF_API_KEY_CACHE_MS });
    // Concurrent requests with one id share the lookup above; once it answers, an unknown id moves to its own cache.
    const found = await key.catch((error: unknown) => {
      this.cache.delete(id);
      throw error;
    });
    if (!found) {
      this.cache.delete(id);
      remember(this.unknownUntil, id, Date.now() + this.config.TSF_API_KEY_NEGATIVE_CACHE_MS);
    }
    return found;
  }

  private async read(id: string): Promise<ApiKey | null> {
    this.metrics.keyLookups.inc();
    const key = await this.store.find(id);
    if (key && !key.revokedAt) this.store.touch(id).catch((error: unknown) => this.logger.warn(`last_used_at of ${id}: ${String(error)}`));
    return key;
  }
}

/** Sets an entry, first dropping the oldest when the map is full. */
function remember<V>(map: Map<string, V>, id: string, value: V): void {
  if (!map.has(id) && map.size >= MAX_CACHED_KEYS) map.delete(map.keys().next().value!);
  map.set(id, value);
}
