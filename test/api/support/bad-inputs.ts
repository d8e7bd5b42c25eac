/**
 * Bad requests generated from the API's own OpenAPI document: for every operation, each path parameter, query
 * parameter and body field (every field of a valid sample body, and every optional field the body schema documents
 * that the sample leaves out) gets values that once made or could make a 500: NUL and lone surrogates, huge and
 * non-finite numbers, impossible dates, loose integers, wrong types, empty and oversized strings, unknown fields,
 * repeated parameters. Deterministic: the random strings come from a seeded generator.
 */
import { mulberry32 } from '@tsf/forecasting';

/** The parts of an OpenAPI 3.0 schema object the generator reads. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
}

export interface Operation {
  /** `POST /v1/models/{name}/policy`, as the document writes it. */
  id: string;
  method: string;
  path: string;
  pathParameters: string[];
  query: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
  /** 5xx statuses the document says the operation may answer (health: 503). */
  documentedServerErrors: number[];
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      id: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      pathParameters: (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
      query: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
      body: operation.requestBody?.content['application/json']?.schema,
      documentedServerErrors: Object.keys(operation.responses).map(Number).filter((status) => status >= 500),
    })),
  );
}

export interface BadRequest {
  operation: Operation;
  /** What is bad about it, for the failure report. */
  what: string;
  method: string;
  /** Path and query, already percent-encoded as sent. */
  url: string;
  /** JSON text (not necessarily valid JSON). */
  body?: string;
}

/** Valid values the requests start from: each case changes one part of an otherwise valid request. */
export interface Samples {
  pathParameters: Record<string, string>;
  bodies: Record<string, unknown>;
}

/** Code units a random string is drawn from: letters, controls, NUL, both surrogate halves, an emoji pair, quotes. */
const RANDOM_UNITS = ['a', 'Z', '9', ':', '/', '%', '\u0000', '\u0001', '\u007f', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', 'ü', '"', '\\', ' '];

function randomString(random: () => number): string {
  const length = 1 + Math.floor(random() * 12);
  return Array.from({ length }, () => RANDOM_UNITS[Math.floor(random() * RANDOM_UNITS.length)]).join('');
}

const IMPOSSIBLE_DATES = ['2021-02-30T00:00:00Z', '2021-02-29', '2021-04-31T12:00:00+02:00', '2021-13-01T00:00:00Z', '2021-01-01T25:00:00Z'];

/** Text that breaks what parses it: NUL, lone surrogates, impossible dates, loose numbers, empty and oversized. */
const BAD_TEXT = ['a\u0000b', '\u0000', 'x\ud800', '\udc00x', '', ' ', 'x'.repeat(5000), ...IMPOSSIBLE_DATES, '1e3', '0x10', ' 16', '+16', '016', '16.0', '-0', '1e308', '1e400', '9007199254740993', '-1', 'NaN', 'Infinity', '__proto__', "' OR 1=1 --"];

/** JSON values of every type, and numbers JSON allows but storage or arithmetic may not (1e400 parses as Infinity). */
const BAD_JSON = ['1e308', '1e400', '-1e400', '-0', '9007199254740993', '-1', '0', '0.5', '1e-320', 'null', 'true', '[]', '{}', '[null]', '{"__proto__":{"x":1}}', '{"site":"a\\u0000b"}', '{"\\ud800":"v"}', '["a\\u0000b"]'];

/**
 * A lone surrogate has no UTF-8 form, so encodeURIComponent refuses it: it travels as the bytes a careless encoder
 * would write for it (WTF-8), which no decoder accepts as text.
 */
function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
}

/** Percent-encodings that no UTF-8 decoder accepts, or that decode to NUL. */
const RAW_ENCODINGS = ['%', '%zz', '%00', 'a%00b', '%C0%80', '%FF', '%ED%A0%80', '%E0%A4%A'];

function pathOf(operation: Operation, samples: Samples, replaced?: { name: string; encoded: string }): string {
  return operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (replaced?.name === name) return replaced.encoded;
    const sample = samples.pathParameters[name];
    if (sample === undefined) throw new Error(`no sample value for path parameter ${name} (${operation.id})`);
    return encodeURIComponent(sample);
  });
}

/** What a JSON value may be replaced by: text values and wrong types for strings, odd numbers and wrong types for the rest. */
function replacementsFor(value: unknown, random: () => number): string[] {
  const texts = [...BAD_TEXT, randomString(random), randomString(random)].map((text) => JSON.stringify(text));
  if (typeof value === 'string') return [...texts, ...BAD_JSON];
  if (typeof value === 'number') return [...BAD_JSON, ...texts.slice(0, 4)];
  return [...BAD_JSON, ...texts.slice(0, 4)];
}

/** The schema of `key` in an object schema (through anyOf), or of its items or records. */
function childSchema(schema: JsonSchema | undefined, key: string | number): JsonSchema | undefined {
  if (!schema) return undefined;
  if (typeof key === 'number') return schema.items ?? schema.anyOf?.map((option) => childSchema(option, key)).find(Boolean);
  const own = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
  return own ?? schema.anyOf?.map((option) => childSchema(option, key)).find(Boolean);
}

function documentedProperties(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  return [...Object.keys(schema.properties ?? {}), ...(schema.anyOf ?? []).flatMap(documentedProperties)];
}

type JsonPath = (string | number)[];

const MARK = '\u0001fuzz\u0001';

/** The sample body with the value at `path` set to `replacement` (JSON text, spliced in after serialising). */
function bodyWith(sample: unknown, path: JsonPath, replacement: string): string {
  const copy = structuredClone(sample) as Record<string | number, unknown>;
  if (path.length === 0) return replacement;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = MARK;
  return JSON.stringify(copy).replace(JSON.stringify(MARK), replacement);
}

/** Every place of the body worth breaking: each value of the sample, and each documented field the sample leaves out. */
function bodySites(value: unknown, schema: JsonSchema | undefined, path: JsonPath = []): { path: JsonPath; value: unknown }[] {
  const here = { path, value };
  if (Array.isArray(value)) return [here, ...(value.length > 0 ? bodySites(value[0], childSchema(schema, 0), [...path, 0]) : [])];
  if (value === null || typeof value !== 'object') return [here];
  const present = Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => bodySites(child, childSchema(schema, key), [...path, key]));
  const missing = [...new Set(documentedProperties(schema))].filter((key) => !(key in (value as object))).map((key) => ({ path: [...path, key], value: undefined }));
  return [here, ...present, ...missing];
}

/** Whole bodies that are not what any route expects. */
const BAD_BODIES = ['', '{', '[]', 'null', '"text"', '1e400', '{"a":1,"a":2}', `${'['.repeat(5000)}${']'.repeat(5000)}`, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`];

export function badRequests(operation: Operation, samples: Samples, seed: number): BadRequest[] {
  // seeded, so that a failure found once is found again
  const random = mulberry32(seed);
  const cases: BadRequest[] = [];
  const sampleBody = samples.bodies[operation.id];
  if (operation.body && sampleBody === undefined) throw new Error(`no sample body for ${operation.id}: add one so that its fields are fuzzed`);
  const validBody = sampleBody === undefined ? undefined : JSON.stringify(sampleBody);
  const add = (what: string, url: string, body = validBody) => cases.push({ operation, what, method: operation.method, url, body });
  const validPath = pathOf(operation, samples);

  for (const name of operation.pathParameters) {
    const texts = [...BAD_TEXT, randomString(random), randomString(random), 'x'.repeat(300), '..', '%2F'];
    for (const text of texts) add(`path ${name}=${JSON.stringify(text)}`, pathOf(operation, samples, { name, encoded: text === '%2F' ? text : percentEncode(text) }));
    for (const raw of RAW_ENCODINGS) add(`path ${name} encoded ${raw}`, pathOf(operation, samples, { name, encoded: raw }));
  }

  const queryNames = [...operation.query.map((parameter) => parameter.name), 'unknownParameter'];
  for (const name of queryNames) {
    for (const text of [...BAD_TEXT, randomString(random)]) add(`query ${name}=${JSON.stringify(text)}`, `${validPath}?${name}=${percentEncode(text)}`);
    for (const raw of RAW_ENCODINGS) add(`query ${name} encoded ${raw}`, `${validPath}?${name}=${raw}`);
    add(`query ${name} repeated`, `${validPath}?${name}=1&${name}=2`);
    add(`query ${name} without a value`, `${validPath}?${name}`);
  }

  if (validBody !== undefined) {
    for (const site of bodySites(sampleBody, operation.body)) {
      const where = site.path.join('.') || '(body)';
      for (const replacement of replacementsFor(site.value, random)) add(`body ${where}=${replacement.slice(0, 60)}`, validPath, bodyWith(sampleBody, site.path, replacement));
      if (site.value !== null && typeof site.value === 'object' && !Array.isArray(site.value)) {
        add(`body ${where} with an unknown field`, validPath, bodyWith(sampleBody, site.path, JSON.stringify({ ...site.value, unknownField: 1 })));
      }
      const items = site.value;
      if (Array.isArray(items) && items.length > 0) {
        add(`body ${where} oversized`, validPath, bodyWith(sampleBody, site.path, JSON.stringify(Array.from({ length: 5000 }, () => items[0]))));
      }
    }
    for (const body of BAD_BODIES) add(`body ${JSON.stringify(body.slice(0, 20))}`, validPath, body);
  }
  return cases;
}
