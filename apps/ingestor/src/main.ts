import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tsf/config';
import { runApp } from '@tsf/observability';
import { IngestorModule } from './ingestor.module';

runApp('ingestor', async () => {
  const config = loadConfig(['database', 'kafka', 'ingestor']);
  const app = await NestFactory.createApplicationContext(IngestorModule.register(config), { bufferLogs: false });
  app.enableShutdownHooks();
  return app;
});
