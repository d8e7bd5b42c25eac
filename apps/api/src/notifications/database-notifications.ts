import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { NOTIFICATION_CHANNELS, type NotificationChannel as Channel } from '@tsf/db';
import { Client } from 'pg';
import { API_CONFIG, type ApiConfig } from '../api-config';

const MAX_RETRY_MS = 5000;

/**
 * One dedicated connection LISTENing to the database's change notifications, for the caches of this API process.
 * Whenever the connection is lost, notifications may have been missed: subscribers are told to resync (drop what they
 * cached) at once and again when it is back, and it reconnects with backoff.
 */
@Injectable()
export class DatabaseNotifications implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly handlers = new Map<Channel, ((payload: string) => void)[]>();
  private readonly resyncHandlers: (() => void)[] = [];
  private client: Client | null = null;
  private retryMs = 250;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  on(channel: Channel, handler: (payload: string) => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  /**
   * Tells this process's subscribers at once of a change this process made: the database's notification of it reaches
   * every process too, but later, and a request that follows the change here must already see it.
   */
  deliverHere(channel: Channel, payload: string): void {
    this.handlers.get(channel)?.forEach((handle) => handle(payload));
  }

  /** True while notifications are being received. */
  get listening(): boolean {
    return this.client !== null;
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', ({ channel, payload }) => this.deliverHere(channel as Channel, payload ?? ''));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of Object.values(NOTIFICATION_CHANNELS)) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
      return;
    }
    this.client = client;
    this.retryMs = 250;
    this.resync();
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client === client) this.client = null;
    if (this.stopped || this.retryTimer) return;
    this.logger.warn(`notification connection lost${error ? `: ${String(error)}` : ''}; reconnecting in ${this.retryMs} ms`);
    this.resync();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  private resync(): void {
    this.resyncHandlers.forEach((handle) => handle());
  }
}
