import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a request part with a zod schema; a failure names each bad field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new BadRequestException({
      title: 'Invalid request',
      detail: 'the request has invalid fields',
      errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: issue.message })),
    });
  }
}
