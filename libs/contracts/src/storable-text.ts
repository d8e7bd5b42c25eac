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

type JsonPath = (string | number)[];

/** A value met while walking a JSON document, linked to its parent so that only a finding pays for building its path. */
interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

const pathOf = (visit: Visit): JsonPath => {
  const path: JsonPath = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
};

/** The first string of a JSON value, key or value, that Postgres' `jsonb` cannot hold: its path and what is wrong with it. */
function firstUnstorable(root: unknown): { path: JsonPath; unstorable: string } | undefined {
  // Iterative: a body nested deeper than the call stack is still only data.
  const pending: Visit[] = [{ value: root }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      const unstorable = unstorableCharacter(value);
      if (unstorable) return { path: pathOf(visit), unstorable };
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, key: index, parent: visit }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const child = { value: item, key, parent: visit };
        const unstorable = unstorableCharacter(key);
        if (unstorable) return { path: pathOf(child), unstorable: `${unstorable} in its name` };
        pending.push(child);
      }
    }
  }
  return undefined;
}

/** A free-form JSON value (model params) stored in `jsonb`: every string in it, keys included, must be storable. */
export function storableJson<S extends z.ZodType>(schema: S) {
  return schema.superRefine((value, ctx) => {
    const found = firstUnstorable(value);
    if (found) ctx.addIssue({ code: 'custom', path: found.path, message: `contains ${found.unstorable}, which cannot be stored`, params: { reason: 'unstorable' } });
  });
}
