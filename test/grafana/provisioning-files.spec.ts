import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS_DIR, provisioningFiles } from '@tsf/observability';

const ROOT = join(__dirname, '../..');

describe('Grafana provisioning files', () => {
  const files = provisioningFiles();

  it.each([...files.keys()])('%s matches the TypeScript dashboards (run npm run grafana:generate when this fails)', (path) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(files.get(path));
  });

  it('holds no dashboard file the generator does not write', () => {
    expect(readdirSync(join(ROOT, DASHBOARDS_DIR)).map((name) => `${DASHBOARDS_DIR}/${name}`).sort()).toEqual([...files.keys()].sort());
  });

  it('gives every dashboard a unique uid and refers only to the provisioned data sources', () => {
    const dashboards = [...files].filter(([path]) => path.endsWith('.json')).map(([, content]) => JSON.parse(content) as { uid: string });
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    const sources = new Set<string>();
    JSON.stringify(dashboards, (key, value: unknown) => {
      if (key === 'datasource' && value && typeof value === 'object') sources.add(String((value as { uid: unknown }).uid));
      return value;
    });
    expect(sources).toEqual(new Set(['-- Grafana --', 'tsf-postgres', 'tsf-prometheus']));
  });
});
