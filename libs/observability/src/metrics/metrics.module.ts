import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { type MetricsServer, serveMetrics } from './metrics-server';

const METRICS_PORT = Symbol('METRICS_PORT');

/** `GET /metrics` on the configured port for an app without an HTTP server of its own; port 0 picks a free one, logged at start. */
@Injectable()
class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: MetricsServer;

  constructor(
    @Inject(METRICS_PORT) private readonly port: number,
    private readonly registry: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = await serveMetrics(this.registry, { port: this.port });
    this.logger.log(`serving /metrics on port ${this.server.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}

/** The app's Prometheus registry (exported: the app's metrics classes register on it), served on `GET /metrics`. */
@Module({})
export class MetricsModule {
  static forRoot(app: string, port: number): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: Registry, useFactory: () => createMetricsRegistry(app) }, { provide: METRICS_PORT, useValue: port }, MetricsEndpoint],
      exports: [Registry],
    };
  }
}
