import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@tsf/config';
import { initBackend } from '@tsf/forecasting';
import { runApp } from '@tsf/observability';
import { ApiModule } from './api.module';

runApp('api', async () => {
  const config = loadConfig(['database', 'api', 'forecasting']);
  const backend = await initBackend(config.TSF_TF_BACKEND);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), { bodyParser: false });
  app.useBodyParser('json', { limit: '5mb' });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  Logger.log(`listening on ${await app.getUrl()} (tfjs backend: ${backend.name})`, 'Api');
  return app;
});
