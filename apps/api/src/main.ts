import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { initBackend } from '@tsf/forecasting';
import { runApp } from '@tsf/observability';
import { loadApiConfig } from './api-config';
import { ApiModule } from './api.module';
import { serveApiDocs } from './http/api-docs';
import { jsonBody } from './http/json-body';

runApp('api', async () => {
  const config = loadApiConfig();
  const backend = await initBackend(config.TSF_TF_BACKEND);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), { bodyParser: false });
  app.use(jsonBody(config.TSF_API_BODY_LIMIT_BYTES));
  app.set('query parser', 'simple');
  // JSON answers are computed per request: no ETag hashing of every body, no framework banner.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  serveApiDocs(app);
  await app.listen(config.PORT, config.HOST);
  Logger.log(`listening on ${await app.getUrl()} (tfjs backend: ${backend.name}); docs at /docs`, 'Api');
  return app;
});
