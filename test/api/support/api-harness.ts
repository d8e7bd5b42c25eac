import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyStore, type ApiScope, createPrismaClient } from '@tsf/db';

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
