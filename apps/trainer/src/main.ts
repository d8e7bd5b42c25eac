import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tsf/config';
import { runApp } from '@tsf/observability';
import { TrainerModule } from './trainer.module';

runApp('trainer', async () => {
  const config = loadConfig(['database', 'trainer', 'forecasting', 'limits']);
  const app = await NestFactory.createApplicationContext(TrainerModule.register(config));
  app.enableShutdownHooks();
  return app;
});
