import { tsfDashboards } from '@tsf/observability';
import { Client } from 'pg';
import { E2eFixture } from '../support/e2e-fixture';
import { expandGrafanaMacros } from './grafana-macros';
import { REGISTRY_SEED } from './registry-seed';

const NOW = new Date();
const HOUR = 3600_000;


const checks = tsfDashboards.flatMap(({ file, sqlChecks }) => sqlChecks.map((check) => ({ file, ...check })));

describe('Grafana Postgres queries against the migrated schema', () => {
  const fixture = new E2eFixture();
  let db: Client;

  beforeAll(async () => {
    db = fixture.own(new Client({ connectionString: await fixture.createDatabase() }), (client) => client.end());
    await db.connect();
    await db.query(REGISTRY_SEED);
  });

  afterAll(() => fixture.teardown());

  it('covers the Postgres panels of every SQL dashboard', () => {
    expect(new Set(checks.map((check) => check.file))).toEqual(new Set(['tsf-forecast-vs-actual.json', 'tsf-model-accuracy.json', 'tsf-training.json']));
  });

  it.each(checks.map((check) => [`${check.file} › ${check.panel}`, check] as const))('%s runs with macros expanded and returns its columns', async (_name, check) => {
    const sql = expandGrafanaMacros(check.sql, {
      from: new Date(NOW.getTime() - 24 * HOUR),
      to: new Date(NOW.getTime() + HOUR),
      intervalSeconds: 600,
      variables: { series: 'demo/a', model: 'demo' },
    });
    const result = await db.query(sql);
    expect(result.fields.map((field) => field.name)).toEqual(check.columns);
    expect(result.rows.length).toBeGreaterThan(0);
  });
});
