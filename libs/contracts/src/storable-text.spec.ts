import { z } from 'zod';
import { labelsSchema } from './series-key';
import { storableString, unstorableCharacter } from './storable-text';

describe('storable text', () => {
  it('names a NUL and lone surrogates of either half, and passes paired surrogates (emoji) and plain text', () => {
    expect(unstorableCharacter('a\u0000b')).toBe('a NUL character');
    expect(unstorableCharacter('x\ud800')).toBe('a lone surrogate U+D800');
    expect(unstorableCharacter('\udc00x')).toBe('a lone surrogate U+DC00');
    expect(unstorableCharacter('\ud83d\ude00 ok, Zürich')).toBeUndefined();
  });

  it('label names and values refuse what Postgres cannot store', () => {
    for (const labels of [{ site: 'a\u0000' }, { site: '\ud800' }, { ['k\u0000']: 'v' }]) expect(labelsSchema.safeParse(labels).success).toBe(false);
    expect(labelsSchema.safeParse({ site: 'Zürich \ud83d\ude00' }).success).toBe(true);
  });

  it('keeps the checks of the schema it wraps', () => {
    expect(storableString(z.string().min(1)).safeParse('').success).toBe(false);
    expect(storableString(z.string().min(1)).safeParse('ok').success).toBe(true);
  });
});

