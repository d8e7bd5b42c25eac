import { Global, Module } from '@nestjs/common';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

/** The API's Prometheus metrics (every feature records into ApiMetrics) and GET /metrics. */
@Global()
@Module({ controllers: [MetricsController], providers: [ApiMetrics], exports: [ApiMetrics] })
export class MetricsModule {}
