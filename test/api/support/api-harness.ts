import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyStore, type ApiScope, createPrismaClient } from '@tsf/db';
import type { E2eFixture, RunningApi } from '../../support/e2e-fixture';
import { pointsMessage } from './series-data';

const ROOT = join(__dirname, '../../..');

/** A key straight from the store (tests of other things than the CLI). */
export async function createKey(databaseUrl: string, name: string, scopes: ApiScope[]): Promise<string> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    return (await new ApiKeyStore(prisma).create(name, scopes)).key;
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * The set-up of a suite that trains models over HTTP: a database, an API, one trainer (w1), a key that reads and
 * writes, and `series` written through the API as hourly `values`.
 */
export async function apiWithTrainer(fixture: E2eFixture, series: string, values: number[]): Promise<{ api: RunningApi; writer: string }> {
  const writer = await createKey(await fixture.createDatabase(), 'writer', ['read', 'write']);
  const [api] = await Promise.all([fixture.startApi(), fixture.trainerPool().start(['w1'])]);
  const written = await call(api.url, 'POST', `/v1/series/${encodeURIComponent(series)}/points`, { key: writer, body: pointsMessage(series, values) });
  if (written.status !== 200) throw new Error(`writing ${series} answered ${written.status}: ${JSON.stringify(written.body)}`);
  return { api, writer };
}

/** Runs the `tsf` CLI as a user would. */
export async function tsf(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'tools/cli/bin/tsf.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A JSON answer as the tests read it: any shape, checked by the assertions themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

export interface Reply<T = AnyJson> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  key?: string;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  /** The body exactly as sent (with `contentType`). */
  raw?: string;
  contentType?: string;
}

/** One HTTP request to the API; the body parsed as JSON when the answer is JSON. */
export async function call<T = AnyJson>(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const contentType = options.contentType ?? (body === undefined ? undefined : 'application/json');
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
    body,
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: (json && text ? JSON.parse(text) : text) as T };
}
