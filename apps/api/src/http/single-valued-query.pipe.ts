import type { PipeTransform } from '@nestjs/common';
import { invalidRequest } from './zod-validation.pipe';

/**
 * A query parameter given twice (`?limit=1&limit=2`) reaches a route as an array. Only parameters documented as arrays
 * (`label`) may repeat; any other is refused by name here, rather than failing its own schema as "received NaN".
 */
export class SingleValuedQueryPipe implements PipeTransform<Record<string, unknown> | undefined> {
  constructor(private readonly singleValued: ReadonlySet<string>) {}

  transform(query: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    const repeated = Object.entries(query ?? {}).filter(([name, value]) => Array.isArray(value) && this.singleValued.has(name));
    if (repeated.length > 0) throw invalidRequest(repeated.map(([field]) => ({ field, message: 'given more than once; give it once' })));
    return query;
  }
}
