import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document, built from the controllers' decorators and zod schemas: Swagger UI at /docs, JSON at /docs/openapi.json. */
export function serveApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('tsf API')
    .setDescription(
      'Series, points, forecasts, models and versions, training jobs and schedules of the tsf forecasting platform. ' +
        'Errors are application/problem+json (type, title, status, detail, errors[{field, message}]). ' +
        'Writes need an API key with the write scope (promotion, rollback and policies: admin); reads need one with read when the server requires it. ' +
        'Send the key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key: tsf_<id>_<secret>' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
}
