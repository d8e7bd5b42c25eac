import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tsf/config';
import { runApp } from '@tsf/observability';
import { IngestorModule } from './ingestor.module';

runApp('ingestor', async () => {
  const config = loadConfig(['database', 'kafka', 'ingestor']);
  // abortOnError: false lets a configuration error found while building the module reach runApp (exit 78).
  const app = await NestFactory.createApplicationContext(IngestorModule.register(config), { bufferLogs: false, abortOnError: false });
  app.enableShutdownHooks();
  return app;
});
