import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type MetricsServer, serveMetrics } from '@tsf/observability';
import { Registry } from 'prom-client';
import { INGESTOR_CONFIG, type IngestorConfig } from '../ingestor-config';

/** `GET /metrics` on TSF_METRICS_PORT (the ingestor has no other HTTP server); port 0 picks a free one, logged at start. */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: MetricsServer;

  constructor(
    @Inject(INGESTOR_CONFIG) private readonly config: IngestorConfig,
    private readonly registry: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = await serveMetrics(this.registry, { port: this.config.TSF_METRICS_PORT });
    this.logger.log(`serving /metrics on port ${this.server.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
