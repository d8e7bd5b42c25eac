import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXIT_CONFIG } from '@tsf/observability';

const ROOT = join(__dirname, '..');

function startWith(app: string, env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  return spawnSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('apps refuse a bad environment at start', () => {
  it.each([
    ['ingestor', { DATABASE_URL: 'postgresql://postgres@127.0.0.1/x' }, 'KAFKA_BROKERS: is required but not set'],
    ['ingestor', { DATABASE_URL: 'postgresql://postgres@127.0.0.1/x', KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS: expected host:port'],
    ['trainer', { DATABASE_URL: 'not a url' }, 'DATABASE_URL:'],
    ['trainer', { DATABASE_URL: 'postgresql://postgres@127.0.0.1/x', TSF_TF_BACKEND: 'tpu' }, 'TSF_TF_BACKEND:'],
    ['api', { DATABASE_URL: 'postgresql://postgres@127.0.0.1/x', PORT: 'eighty' }, 'PORT:'],
    ['api', { DATABASE_URL: 'postgresql://postgres@127.0.0.1/x', TSF_API_REQUIRE_READ_KEY: 'maybe', TSF_API_RATE_LIMIT: '0' }, 'TSF_API_REQUIRE_READ_KEY:'],
  ])('%s with %j names the variable and exits with EX_CONFIG', (app, env, message) => {
    const result = startWith(app, env);
    expect(result.status).toBe(EXIT_CONFIG);
    expect(result.stderr).toContain(`${app}: invalid configuration`);
    expect(result.stderr).toContain(message);
  });
});
