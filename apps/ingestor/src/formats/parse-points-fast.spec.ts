import { isDeepStrictEqual } from 'node:util';
import { parsePointsMessage, type PointsLimits } from '@tsf/contracts';
import { parsePoints } from './parse-points-fast';

const LIMITS: PointsLimits = { maxMessageBytes: 2_000, maxPointsPerMessage: 20 };
const T = 1_467_331_200_000;

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const TIMESTAMPS = [`${T}`, `${T}.4`, `${T}.5`, '-2208988800000', '-2208988800001', '7258118399999', '7258118399999.6', '7258118400000',
  '1e999', '"2016-07-01T00:00:00Z"', '"2016-07-01"', '"yesterday"', 'null', '"1467331200000"', '1467331200', '0', '[1]'];
const VALUES = ['1', '-0', '0.1', '1e308', '1e999', '-1e999', '"1"', 'null', 'true', '{}', '[]', '5e-324'];
const SERIES = ['"s1"', '"ett/OT"', '"a b"', '""', `"${'x'.repeat(200)}"`, `"${'x'.repeat(201)}"`, '"_s"', '1', 'null', '"s@host:1.a-b"'];
const LABELS = ['', ',"labels":{"site":"a"}', ',"labels":{}', ',"labels":{"":"a"}', ',"labels":{"a":1}', ',"labels":[]', ',"labels":null',
  `,"labels":{${Array.from({ length: 33 }, (_, i) => `"k${i}":"v"`).join(',')}}`, `,"labels":{"k":"${'v'.repeat(501)}"}`, ',"labels":{"__proto__":"x"}'];
const EXTRAS = ['', ',"extra":1', ',"ts":1', ',"points":[]', ',"value":1'];

function pick<T>(next: () => number, items: T[]): T {
  return items[Math.floor(next() * items.length)];
}

/** Mostly the first (valid) choice, so that a message with several parts is still often valid as a whole. */
function mostlyFirst<T>(next: () => number, items: T[]): T {
  return next() < 0.7 ? items[0] : pick(next, items);
}

function generated(count: number): { raw: string; key: string | null }[] {
  const next = random(42);
  return Array.from({ length: count }, () => {
    const series = mostlyFirst(next, SERIES);
    const tail = `${next() < 0.5 ? '' : mostlyFirst(next, LABELS.slice(1))}${next() < 0.05 ? pick(next, EXTRAS) : ''}`;
    let raw: string;
    if (next() < 0.3) {
      raw = `{"series":${series},"ts":${pick(next, TIMESTAMPS)},"value":${pick(next, VALUES)}${tail}}`;
    } else {
      const n = next() < 0.1 ? pick(next, [0, 21, 25]) : 1 + Math.floor(next() * 20);
      const points = Array.from({ length: n }, () => {
        const clean = next() < 0.97;
        const arity = next() < 0.03 ? pick(next, [1, 3]) : 2;
        const items = [clean ? String(T + Math.floor(next() * 1e6)) : pick(next, TIMESTAMPS), clean ? String(next() * 100) : pick(next, VALUES), '7'];
        return `[${items.slice(0, arity).join(',')}]`;
      });
      raw = `{"series":${series},"points":[${points.join(',')}]${tail}}`;
    }
    if (next() < 0.03) raw = raw.slice(0, Math.floor(next() * raw.length));
    const key = next() < 0.5 ? null : next() < 0.95 ? (/^"(.*)"$/.exec(series)?.[1] ?? 'k') : 'other';
    return { raw, key };
  });
}

describe('fast points parser', () => {
  it('gives exactly the contract parser result (value, or reason and detail) for 5,000 generated messages, good and bad', () => {
    const cases = generated(5_000);
    let accepted = 0;
    const differences = [];
    for (const { raw, key } of cases) {
      const expected = parsePointsMessage(Buffer.from(raw), key, LIMITS);
      const actual = parsePoints(Buffer.from(raw), key, LIMITS);
      if (!isDeepStrictEqual(actual, expected)) differences.push({ raw, key, actual, expected });
      if (expected.ok) accepted++;
    }
    expect(differences.slice(0, 3)).toEqual([]);
    // The corpus exercises both outcomes in earnest.
    expect(accepted).toBeGreaterThan(1_000);
    expect(cases.length - accepted).toBeGreaterThan(1_000);
  });

  it('gives the contract parser result for empty, oversized and non-UTF-8 messages', () => {
    const big = Buffer.from(`{"series":"s","points":[${Array.from({ length: 20 }, () => `[${T},1.123456789]`).join(',')}],"labels":{"a":"${'é'.repeat(600)}"}}`);
    for (const raw of [null, Buffer.alloc(0), big, Buffer.from([0x7b, 0xff, 0x7d]), Buffer.from('{"series":"s\u00e9","ts":1,"value":1}')]) {
      expect(parsePoints(raw, null, LIMITS)).toStrictEqual(parsePointsMessage(raw, null, LIMITS));
    }
  });
});
