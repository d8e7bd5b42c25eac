import { z } from 'zod';

/** Canonical decimal: digits only, no leading zero (`016` reads as octal in some clients), no sign, exponent, point or space. */
const DECIMAL_INTEGER = /^(0|[1-9]\d*)$/;

/**
 * An integer in a URL (path segment or query value), in [min, max]. `Number()` (and z.coerce) would read `1e3` as 1000,
 * `0x10` and ` 16` as 16 and `16.0` as 16; here only the canonical decimal text is a number, so one id has one spelling.
 */
export function decimalIntegerSchema(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value),
    z.number({ error: 'expected a decimal integer (digits only, without sign, leading zeros, exponent or spaces)' }).int().min(min).max(max),
  );
}
