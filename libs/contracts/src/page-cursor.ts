import { z } from 'zod';

/**
 * Opaque keyset-paging cursors: the sort key of a page's last row as base64url JSON. Clients pass `next` back as it
 * is; the API may change what a cursor holds without changing its clients.
 */
export function encodePageCursor(key: unknown): string {
  return btoa(JSON.stringify(key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodePageCursor(text: string): unknown {
  try {
    return JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return undefined;
  }
}

/** A `cursor` query parameter: decoded and checked against `key`, the sort key of the list it pages. */
export function pageCursorSchema<T extends z.ZodType>(key: T) {
  return z
    .string()
    .max(500)
    .transform((text, ctx): z.output<T> => {
      const parsed = key.safeParse(decodePageCursor(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: 'not a cursor of this list' });
      return z.NEVER;
    })
    .describe('the `next` of the previous page');
}
