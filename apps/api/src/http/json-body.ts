import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/i;

/**
 * Request bodies: JSON only, at most `limitBytes`. Its failures become problems like any other error: malformed JSON
 * 400, a body over the limit 413, a body in another media type 415 (instead of reaching a handler as no body at all).
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction) => {
    if (hasBody(req) && !JSON_TYPE.test((req.headers['content-type'] ?? '').split(';')[0].trim())) {
      next(new UnsupportedMediaTypeException({ title: 'Unsupported Media Type', detail: 'send the body as application/json' }));
      return;
    }
    parse(req, res, (error?: unknown) => next(error === undefined ? undefined : bodyError(error, limitBytes)));
  };
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** body-parser's errors (http-errors with a `type`) as HTTP exceptions. */
function bodyError(error: unknown, limitBytes: number): HttpException {
  const { type, message } = error as { type?: string; message?: string };
  switch (type) {
    case 'entity.parse.failed':
      return new BadRequestException({ title: 'Malformed JSON', detail: message });
    case 'entity.too.large':
      return new PayloadTooLargeException({ title: 'Payload Too Large', detail: `the body exceeds ${limitBytes} bytes` });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException({ title: 'Unsupported Media Type', detail: message });
    default:
      return new BadRequestException({ title: 'Unreadable body', detail: message ?? 'the request body could not be read' });
  }
}
