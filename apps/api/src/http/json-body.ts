import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** application/json and the structured-syntax `+json` types (application/merge-patch+json, …), any parameters. */
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;

/**
 * Request bodies: JSON only, at most the server's body limit. Any other media type is left without a parser, so
 * Fastify answers it 415 (instead of a handler seeing text); malformed JSON is 400 and a body over the limit 413, all
 * as problems like any other error (see toProblem). An empty body is no body, as for a request without one.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) done(new BadRequestException({ title: 'Malformed JSON', detail: error.message }), undefined);
      else done(null, value);
    });
  });
}
