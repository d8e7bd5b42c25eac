import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/** Every error leaves the API as RFC 9457 `application/problem+json`; unexpected ones as a bare 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(exception);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

function toProblem(exception: unknown): ProblemBody {
  if (!(exception instanceof HttpException)) {
    return { type: 'about:blank', title: 'Internal Server Error', status: HttpStatus.INTERNAL_SERVER_ERROR };
  }
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (typeof body === 'string') return { type: 'about:blank', title: body, status };
  // Nest's own exceptions carry { statusCode, message, error }; ours carry problem fields already.
  const { statusCode: _statusCode, message, error, ...problem } = body as Record<string, unknown>;
  return {
    type: 'about:blank',
    title: typeof error === 'string' ? error : exception.name,
    status,
    ...(message === undefined ? {} : { detail: Array.isArray(message) ? message.join('; ') : String(message) }),
    ...problem,
  };
}
