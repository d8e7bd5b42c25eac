import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tsf/config';
import { runApp } from '@tsf/observability';
import { SchedulerModule } from './scheduler.module';

runApp('scheduler', async () => {
  const config = loadConfig(['database', 'kafka', 'scheduler', 'forecasting']);
  const app = await NestFactory.createApplicationContext(SchedulerModule.register(config));
  app.enableShutdownHooks();
  return app;
});
