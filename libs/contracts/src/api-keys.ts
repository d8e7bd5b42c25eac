import { z } from 'zod';
import { storableString } from './storable-text';

/**
 * What a key may do: `read` series, forecasts, models and jobs (when reads require a key); `write` points, models,
 * training jobs and schedules; `admin` change what is in production (promote, rollback, policies). Scopes are
 * independent: a key has exactly the scopes it was created with.
 */
export const API_SCOPES = ['read', 'write', 'admin'] as const;

export const apiScopeSchema = z.enum(API_SCOPES);

export type ApiScope = z.infer<typeof apiScopeSchema>;

/** `read,write` as typed on a command line: a non-empty set of known scopes. */
export const apiScopeListSchema = z
  .string()
  .transform((text) => [...new Set(text.split(',').map((scope) => scope.trim()).filter(Boolean))])
  .pipe(z.array(apiScopeSchema).min(1, 'name at least one scope'));

export const apiKeyNameSchema = storableString(z.string().trim().min(1).max(100));
