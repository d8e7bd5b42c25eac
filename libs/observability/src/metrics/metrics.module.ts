import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthChecks } from '../health/health-checks';
import { createMetricsRegistry } from './metrics-registry';
import { type MetricsServer, serveMetrics } from './metrics-server';

const METRICS_PORT = Symbol('METRICS_PORT');

/**
 * `GET /metrics`, `/health/live` and `/health/ready` on the configured port for an app without an HTTP server of its own;
 * port 0 picks a free one, logged at start.
 */
@Injectable()
class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: MetricsServer;

  constructor(
    @Inject(METRICS_PORT) private readonly port: number,
    private readonly registry: Registry,
    private readonly health: HealthChecks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = await serveMetrics(this.registry, { port: this.port, health: this.health });
    // Tests and operators read the port from this line (metricsPort in test/support/e2e-fixture.ts): keep its start.
    this.logger.log(`serving /metrics on port ${this.server.port}, and /health/live, /health/ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}

/**
 * The app's Prometheus registry, served on `GET /metrics`, and its `HealthChecks`, served as the probes; both exported:
 * the app's metrics classes register on the one, whatever knows a health signal registers a check on the other.
 */
@Module({})
export class MetricsModule {
  static forRoot(app: string, port: number): DynamicModule {
    return {
      module: MetricsModule,
      providers: [
        { provide: Registry, useFactory: () => createMetricsRegistry(app) },
        { provide: HealthChecks, useFactory: () => new HealthChecks() },
        { provide: METRICS_PORT, useValue: port },
        MetricsEndpoint,
      ],
      exports: [Registry, HealthChecks],
    };
  }
}
