import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { InsufficientHistoryError, SpecError, TransformDomainError } from '@tsf/forecasting';
import { ModelConflictError, ModelDefinitionError, NotFoundError, PromotionError } from '@tsf/registry';
import type { FieldError } from './zod-validation.pipe';

/** An RFC 9457 problem: what every error response of the API carries, as `application/problem+json`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const problem = (status: number, title: string, detail?: string, extensions: Record<string, unknown> = {}): ProblemBody => ({
  type: 'about:blank',
  title,
  status,
  ...(detail === undefined ? {} : { detail }),
  ...extensions,
});

/** The problem an error becomes: HTTP exceptions as they say, the registry's and the models' errors by kind, the rest 500. */
export function toProblem(exception: unknown): ProblemBody {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof NotFoundError) return problem(404, `${capitalize(exception.entity)} not found`, exception.message);
  if (exception instanceof ModelConflictError) return problem(409, 'Model exists', exception.message);
  if (exception instanceof PromotionError) return problem(409, 'Promotion refused', exception.message);
  if (exception instanceof ModelDefinitionError) return problem(422, 'Invalid model definition', exception.message);
  if (exception instanceof SpecError) {
    return problem(422, 'Invalid model definition', exception.message, { errors: exception.issues.map(issueToFieldError) });
  }
  if (exception instanceof InsufficientHistoryError) {
    return problem(422, 'Not enough history', exception.message, { minimumPoints: exception.required, availablePoints: exception.actual });
  }
  if (exception instanceof TransformDomainError) return problem(422, "History outside the model's transforms", exception.message);
  if (isDataException(exception)) return problem(422, 'Value rejected', `the database refused a value: ${exception.message}`);
  if (isServerClientError(exception)) return problem(exception.statusCode, STATUS_CODES[exception.statusCode] ?? 'Error', exception.message);
  return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal Server Error');
}

function fromHttpException(exception: HttpException): ProblemBody {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const title = STATUS_CODES[status] ?? 'Error';
  if (typeof body === 'string') return problem(status, title, body);
  // Nest's own exceptions carry { statusCode, message, error }; ours carry problem fields already. The status is always the HTTP one.
  const { statusCode: _statusCode, status: _status, message, error, ...fields } = body as Record<string, unknown>;
  return {
    ...problem(status, typeof error === 'string' ? error : title),
    ...(message === undefined ? {} : { detail: Array.isArray(message) ? message.join('; ') : String(message) }),
    ...(error === undefined || typeof error === 'string' ? {} : { error }),
    ...fields,
    status,
  };
}

/** Issues that read `path: message` (the registry's SpecError, the points contract's rejections) as a field error. */
export function issueToFieldError(issue: string): FieldError {
  const colon = issue.indexOf(': ');
  return colon < 0 ? { field: '(body)', message: issue } : { field: issue.slice(0, colon), message: issue.slice(colon + 2) };
}

/** Postgres class 22 (data exception): a value the database cannot store or compare, e.g. text with a NUL byte. */
function isDataException(exception: unknown): exception is Error {
  const code = (exception as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (exception as { cause?: { code?: unknown } } | null)?.cause?.code;
  return exception instanceof Error && typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * What the HTTP server (Fastify) rejects before a route runs, with its own 4xx `statusCode` and an `FST_` code: a body
 * over the limit (413), a media type without a parser (415), a bad Content-Length (400).
 */
function isServerClientError(exception: unknown): exception is Error & { statusCode: number } {
  const { statusCode, code } = (exception ?? {}) as { statusCode?: unknown; code?: unknown };
  return exception instanceof Error && typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
