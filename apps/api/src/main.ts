import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { initBackend } from '@tsf/forecasting';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { runApp } from '@tsf/observability';
import { loadApiConfig } from './api-config';
import { ApiModule } from './api.module';
import { serveApiDocs } from './http/api-docs';
import { answerClientError } from './http/client-error';
import { acceptJsonBodiesOnly } from './http/json-body';
import { sendProblem } from './http/problem-details.filter';
import { ApiMetrics } from './metrics/api-metrics';
import { timeHttpRequests } from './metrics/http-metrics';

/** Longest path parameter the router accepts: a series key of 200 characters, each percent-encoded UTF-8, fits. */
const MAX_PARAM_LENGTH = 4096;

runApp('api', async () => {
  const config = loadApiConfig();
  const backend = await initBackend(config.TSF_TF_BACKEND);
  // Fastify rather than Express: a third of the per-request cost (see API latency in docs/api.md).
  const adapter = new FastifyAdapter({
    bodyLimit: config.TSF_API_BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // What the router rejects before any route (an undecodable path, a path parameter over MAX_PARAM_LENGTH: 414) is a problem like the rest.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, error),
    // And so is what Node's HTTP parser rejects before the router (431 for a 60 kB URL, 400 for a malformed request).
    clientErrorHandler: answerClientError,
  });
  // Nest's own body parsers stay off: acceptJsonBodiesOnly sets the only one.
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config), adapter, { bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify);
  timeHttpRequests(fastify, app.get(ApiMetrics));
  app.enableShutdownHooks();
  serveApiDocs(app);
  await app.listen(config.PORT, config.HOST);
  Logger.log(`listening on ${await app.getUrl()} (tfjs backend: ${backend.name}); docs at /docs`, 'Api');
  return app;
});
