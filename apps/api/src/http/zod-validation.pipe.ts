import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** One entry per bad field, named by its path (`requests.0.horizon`); an unknown field is named too. */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  const name = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '').join('.') || '(body)';
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: name([...issue.path, key]), message: 'unknown field' }))
      : [{ field: name(issue.path), message: issue.message }],
  );
}

/** 400 naming each bad field of a request part. */
export function invalidRequest(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    title: 'Invalid request',
    detail: errors.map((error) => `${error.field}: ${error.message}`).join('; '),
    errors,
  });
}

/** Validates a request part with a zod schema; `field` prefixes the names of a path parameter's or header's errors. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw invalidRequest(fieldErrors(parsed.error, this.field));
  }
}
