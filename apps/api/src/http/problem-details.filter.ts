import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toProblem } from './problem';

const logger = new Logger('Http');

/** Answers `exception` as RFC 9457 `application/problem+json`; only unexpected errors are 500, and logged. */
export function sendProblem(reply: FastifyReply, exception: unknown): void {
  const problem = toProblem(exception);
  if (problem.status >= 500) logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
  reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** Every error a route, guard or pipe throws leaves the API as a problem. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }
}
