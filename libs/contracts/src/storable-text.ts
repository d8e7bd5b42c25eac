import { z } from 'zod';

/** A NUL, or a UTF-16 surrogate without its pair: what Postgres' `text` and `jsonb` cannot hold. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Names what in `text` Postgres would refuse (NUL) or could not store as sent (a lone surrogate); undefined if storable. */
export function unstorableCharacter(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  const code = found[0].charCodeAt(0);
  return code === 0 ? 'a NUL character' : `a lone surrogate U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A string Postgres stores as it is, in `text` and in `jsonb`: every stored string of the contracts goes through it. */
export function storableString(schema: z.ZodString = z.string()) {
  return schema.superRefine((text, ctx) => {
    const unstorable = unstorableCharacter(text);
    if (unstorable) ctx.addIssue({ code: 'custom', message: `contains ${unstorable}, which cannot be stored`, params: { reason: 'unstorable' } });
  });
}
