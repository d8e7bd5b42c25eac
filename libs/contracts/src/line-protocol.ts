/**
 * InfluxDB line protocol (what Telegraf's `data_format = "influx"` writes), parsed without interpretation:
 * `measurement[,tag=value…] field=value[,field=value…] [timestamp]`, one point per line.
 * Escapes follow the protocol: `\,` and `\ ` in measurements; `\,` `\=` `\ ` in tag keys, tag values and field
 * keys; `\"` in string field values; `\\` everywhere; a backslash before any other character is literal.
 * Blank lines and `#` comment lines are skipped. Mapping lines to series is the ingestor's business.
 */

export type LineFieldValue =
  /** `1.5`, `1e3`, `-2`: may be ±Infinity for out-of-range text (`1e999`), which a consumer rejects as non-finite. */
  | { kind: 'float'; value: number }
  /** `2i` (int64) and `2u` (uint64), as numbers: beyond 2^53 they lose precision as a float64 would. */
  | { kind: 'integer' | 'unsigned'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean };

export interface ProtocolLine {
  /** 1-based, counting every line of the text (blank and comment lines too), for error details. */
  lineNumber: number;
  measurement: string;
  /** Pairs rather than an object, so a tag named `__proto__` stays data. */
  tags: { key: string; value: string }[];
  fields: { key: string; value: LineFieldValue }[];
  /** In the writer's precision; absent when the line has none. */
  timestamp: bigint | undefined;
}

export type LineProtocolResult = { ok: true; lines: ProtocolLine[] } | { ok: false; lineNumber: number; detail: string };

export type LinePrecision = 'ns' | 'us' | 'ms' | 's';

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT64_MAX = 2n ** 64n - 1n;
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+i$/;
const UNSIGNED = /^\d+u$/;
const TIMESTAMP = /^-?\d+$/;
const BOOLEANS: Record<string, boolean> = { t: true, T: true, true: true, True: true, TRUE: true, f: false, F: false, false: false, False: false, FALSE: false };

class LineSyntaxError extends Error {}

export function parseLineProtocol(text: string): LineProtocolResult {
  const lines: ProtocolLine[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i].replace(/\r$/, '').replace(/^[ \t]+/, '');
    if (row === '' || row.startsWith('#')) continue;
    try {
      lines.push({ lineNumber: i + 1, ...parseLine(row) });
    } catch (error) {
      if (!(error instanceof LineSyntaxError)) throw error;
      return { ok: false, lineNumber: i + 1, detail: error.message };
    }
  }
  return { ok: true, lines };
}

/** Epoch milliseconds of a timestamp in `precision`, rounded half up like the JSON contract's `Math.round`. */
export function lineTimestampToMs(timestamp: bigint, precision: LinePrecision): number {
  const perMs = { ns: 1_000_000n, us: 1_000n, ms: 1n, s: 0n }[precision];
  if (perMs === 0n) return Number(timestamp * 1000n);
  const shifted = timestamp + perMs / 2n;
  // BigInt division truncates toward zero; floor it so negative timestamps round the same way as positive ones.
  const quotient = shifted / perMs;
  return Number(shifted % perMs < 0n ? quotient - 1n : quotient);
}

function parseLine(row: string): Omit<ProtocolLine, 'lineNumber'> {
  const cursor = { row, at: 0 };
  const measurement = token(cursor, ', ', 'measurement');
  const tags: ProtocolLine['tags'] = [];
  while (row[cursor.at] === ',') {
    cursor.at++;
    const key = token(cursor, ',= ', 'tag key');
    expect(cursor, '=', `tag ${JSON.stringify(key)}`);
    const value = token(cursor, ',= ', `tag ${JSON.stringify(key)} value`);
    if (row[cursor.at] === '=') throw new LineSyntaxError(`unescaped "=" in the value of tag ${JSON.stringify(key)}`);
    if (tags.some((tag) => tag.key === key)) throw new LineSyntaxError(`tag ${JSON.stringify(key)} appears twice`);
    tags.push({ key, value });
  }
  expect(cursor, ' ', 'the measurement and its tags');
  skipSpaces(cursor);

  const fields: ProtocolLine['fields'] = [];
  do {
    if (fields.length > 0) cursor.at++;
    const key = token(cursor, ',= ', 'field key');
    expect(cursor, '=', `field ${JSON.stringify(key)}`);
    if (fields.some((field) => field.key === key)) throw new LineSyntaxError(`field ${JSON.stringify(key)} appears twice`);
    fields.push({ key, value: fieldValue(cursor, key) });
  } while (row[cursor.at] === ',');

  if (cursor.at < row.length && row[cursor.at] !== ' ') throw new LineSyntaxError(`unexpected ${JSON.stringify(row[cursor.at])} after the fields`);
  const rest = row.slice(cursor.at).trim();
  if (rest !== '' && !TIMESTAMP.test(rest)) throw new LineSyntaxError(`timestamp ${JSON.stringify(rest)} is not an integer`);
  return { measurement, tags, fields, timestamp: rest === '' ? undefined : BigInt(rest) };
}

interface Cursor {
  row: string;
  at: number;
}

/** Reads up to the first unescaped character of `stops`; a backslash escapes a stop character or a backslash. */
function token(cursor: Cursor, stops: string, what: string): string {
  const { row } = cursor;
  let text = '';
  while (cursor.at < row.length && !stops.includes(row[cursor.at])) {
    const next = row[cursor.at + 1];
    if (row[cursor.at] === '\\' && next !== undefined && (stops.includes(next) || next === '\\')) {
      text += next;
      cursor.at += 2;
    } else {
      text += row[cursor.at++];
    }
  }
  if (text === '') throw new LineSyntaxError(`empty ${what}`);
  return text;
}

function expect(cursor: Cursor, char: string, after: string): void {
  if (cursor.row[cursor.at] !== char) {
    const found = cursor.at < cursor.row.length ? JSON.stringify(cursor.row[cursor.at]) : 'the end of the line';
    throw new LineSyntaxError(`expected ${JSON.stringify(char)} after ${after}, found ${found}`);
  }
  cursor.at++;
}

function skipSpaces(cursor: Cursor): void {
  while (cursor.row[cursor.at] === ' ') cursor.at++;
}

function fieldValue(cursor: Cursor, key: string): LineFieldValue {
  const { row } = cursor;
  if (row[cursor.at] === '"') return { kind: 'string', value: quoted(cursor, key) };
  const start = cursor.at;
  while (cursor.at < row.length && row[cursor.at] !== ',' && row[cursor.at] !== ' ') cursor.at++;
  const text = row.slice(start, cursor.at);
  if (text in BOOLEANS) return { kind: 'boolean', value: BOOLEANS[text] };
  if (FLOAT.test(text)) return { kind: 'float', value: Number(text) };
  if (INTEGER.test(text) || UNSIGNED.test(text)) {
    const value = BigInt(text.slice(0, -1));
    const unsigned = text.endsWith('u');
    if (unsigned ? value > UINT64_MAX : value < INT64.min || value > INT64.max) {
      throw new LineSyntaxError(`field ${JSON.stringify(key)}: ${text} is out of the ${unsigned ? 'uint64' : 'int64'} range`);
    }
    return { kind: unsigned ? 'unsigned' : 'integer', value: Number(value) };
  }
  throw new LineSyntaxError(`field ${JSON.stringify(key)}: ${JSON.stringify(text)} is not a float, integer, unsigned, string or boolean`);
}

function quoted(cursor: Cursor, key: string): string {
  const { row } = cursor;
  let text = '';
  for (cursor.at++; cursor.at < row.length; cursor.at++) {
    const char = row[cursor.at];
    if (char === '"') {
      cursor.at++;
      return text;
    }
    if (char === '\\' && (row[cursor.at + 1] === '"' || row[cursor.at + 1] === '\\')) cursor.at++;
    text += row[cursor.at];
  }
  throw new LineSyntaxError(`field ${JSON.stringify(key)}: unterminated string`);
}
