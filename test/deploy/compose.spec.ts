import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { COMPOSE_DIR, COMPOSE_FILE, type ComposeService, composeCli, composeConfig, dependsOn, loadComposeProject } from './support/compose-file';
import { requireTool } from '../support/required-tool';
import { configNeedsOf, configProblems } from './support/config-requirements';
import { DOCKERFILE, readDockerfile, resolveStage } from './support/dockerfile';
import { httpEndpointOf } from './support/http-endpoints';
import { type ProcessEntry, processEntryOf } from './support/process-entry';
import { repoPath, workspaceApps } from './support/repo';

const project = loadComposeProject();
const services = Object.entries(project.services);
const stages = readDockerfile();

/** What a service runs: its command, else its build target's CMD, else the CMD of the target that builds its image. */
function entryOf(service: ComposeService): ProcessEntry | undefined {
  const target = service.build?.target ?? services.find(([, other]) => other.image === service.image && other.build)?.[1].build?.target;
  const command = service.command ?? (target ? resolveStage(stages, target).cmd : undefined);
  return command ? processEntryOf(command) : undefined;
}

function servicesRunning(app: string): [string, ComposeService][] {
  return services.filter(([, service]) => entryOf(service)?.app === app);
}

function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]));
}

const cli = composeCli();
requireTool(cli !== undefined, `${COMPOSE_FILE}: neither \`docker compose\` nor \`docker-compose\` is installed`);

describe(`${COMPOSE_FILE}`, () => {
  (cli ? it : it.skip)('is accepted by `docker compose config`, every profile included', () => {
    const result = composeConfig(cli ?? [], 'docker-compose.yml', ['--profile', 'gpu']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  (cli ? it : it.skip)('is checked by a validator that rejects an unknown service key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsf-compose-'));
    try {
      const broken = YAML.parse(readFileSync(repoPath(COMPOSE_FILE), 'utf8'), { merge: true });
      broken.services.api.replicaz = 2;
      const file = join(dir, 'broken.yml');
      writeFileSync(file, YAML.stringify(broken));
      const result = composeConfig(cli ?? [], file);
      expect(result.status).not.toBe(0);
      expect(`${result.stderr}${result.stdout}`).toContain('replicaz');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds every image of ours from a target of the Dockerfile', () => {
    for (const [name, service] of services.filter(([, s]) => s.build)) {
      expect({ name, dockerfile: service.build?.dockerfile, context: resolve(repoPath(COMPOSE_DIR), service.build?.context ?? '') }).toEqual({
        name,
        dockerfile: DOCKERFILE,
        context: repoPath(),
      });
      expect(stages.has(service.build?.target ?? '')).toBe(true);
    }
  });

  it.each(workspaceApps())('runs %s from its image with every variable its config schema requires, valid', (app) => {
    const running = servicesRunning(app);
    expect(running.length).toBeGreaterThan(0);
    const needs = configNeedsOf(`apps/${app}/src`);
    for (const [name, service] of running) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/\S/) });
      expect({ name, problems: configProblems(needs, environmentOf(service)) }).toEqual({ name, problems: [] });
    }
  });

  it('migrates the database before any app starts', () => {
    const [migrateName, migrate] = services.find(([, service]) => entryOf(service)?.name === 'tsf migrate') ?? [];
    expect(migrateName).toBeDefined();
    expect(configProblems(configNeedsOf('tools/cli/src/commands/migrate.ts'), environmentOf(migrate ?? {}))).toEqual([]);
    const apps = services.filter(([, service]) => entryOf(service)?.app);
    for (const [name, service] of apps) {
      expect({ name, migrate: dependsOn(service)[migrateName ?? ''] }).toEqual({ name, migrate: 'service_completed_successfully' });
    }
  });

  it('runs two API and two ingestor replicas, and a trainer', () => {
    const replicas = (app: string) => servicesRunning(app).reduce((sum, [, s]) => sum + (s.profiles ? 0 : (s.deploy?.replicas ?? 1)), 0);
    expect({ api: replicas('api'), ingestor: replicas('ingestor'), trainer: replicas('trainer') >= 1 }).toEqual({ api: 2, ingestor: 2, trainer: true });
  });

  it.each(workspaceApps())('health-checks every %s service on its readiness route, on the port that serves it', (app) => {
    for (const [name, service] of servicesRunning(app)) {
      const endpoint = httpEndpointOf(app, environmentOf(service));
      const url = new URL(/https?:\/\/[^'"\s)]+/.exec(service.healthcheck?.test.join(' ') ?? '')?.[0] ?? 'http://missing');
      expect({ name, path: url.pathname, port: Number(url.port) }).toEqual({
        name,
        path: endpoint?.paths.has(url.pathname) ? '/health/ready' : '(not served)',
        port: endpoint?.port,
      });
    }
  });

  it('runs Kafka as three KRaft brokers that all vote in the controller quorum', () => {
    const brokers = services.filter(([, service]) => service.environment?.KAFKA_PROCESS_ROLES);
    expect(brokers.map(([name]) => name)).toHaveLength(3);
    const voters = String(brokers[0][1].environment?.KAFKA_CONTROLLER_QUORUM_VOTERS).split(',');
    expect(voters).toHaveLength(3);
    for (const [name, broker] of brokers) {
      expect(String(broker.environment?.KAFKA_PROCESS_ROLES).split(',').sort()).toEqual(['broker', 'controller']);
      expect(voters).toContain(`${broker.environment?.KAFKA_NODE_ID}@${name}:9093`);
      expect(broker.environment?.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(brokers[0][1].environment?.KAFKA_CONTROLLER_QUORUM_VOTERS);
    }
    const bootstrap = String(servicesRunning('ingestor')[0][1].environment?.KAFKA_BROKERS).split(',');
    expect(bootstrap.map((address) => address.split(':')[0]).sort()).toEqual(brokers.map(([name]) => name).sort());
  });

  it('creates the topics before the Kafka apps start, with a partition per ingestor at least', () => {
    const [initName, init] = services.find(([, s]) => s.command?.some((arg) => arg.endsWith('create-topics.sh'))) ?? [];
    expect(initName).toBeDefined();
    const script = init?.volumes?.find((volume) => volume.includes('create-topics.sh'))?.split(':')[0] ?? '';
    expect(spawnSync('sh', ['-n', resolve(repoPath(COMPOSE_DIR), script)], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
    const partitions = Number(init?.environment?.TSF_POINTS_PARTITIONS);
    const ingestors = servicesRunning('ingestor').reduce((sum, [, s]) => sum + (s.deploy?.replicas ?? 1), 0);
    expect(partitions).toBeGreaterThanOrEqual(ingestors);
    expect(Number(init?.environment?.TSF_TOPIC_REPLICATION_FACTOR)).toBe(3);
    for (const [name, service] of services.filter(([, s]) => s.environment?.KAFKA_BROKERS && entryOf(s)?.app)) {
      expect({ name, topics: dependsOn(service)[initName ?? ''] }).toEqual({ name, topics: 'service_completed_successfully' });
    }
  });

  it('runs a GPU trainer only under the gpu profile, with an NVIDIA GPU reserved', () => {
    const gpu = servicesRunning('trainer').filter(([, service]) => service.profiles?.includes('gpu'));
    expect(gpu).toHaveLength(1);
    const [, service] = gpu[0];
    expect(service.deploy?.resources?.reservations?.devices).toContainEqual(expect.objectContaining({ driver: 'nvidia', capabilities: ['gpu'] }));
    expect(resolveStage(stages, service.build?.target ?? '').baseImage).toMatch(/^nvidia\/cuda:/);
  });

  it('mounts only host paths that exist', () => {
    const mounts = services.flatMap(([, service]) => (service.volumes ?? []).map((volume) => volume.split(':')[0]));
    const hostPaths = mounts.filter((source) => source.startsWith('.') || source.startsWith('/'));
    expect(hostPaths.length).toBeGreaterThan(0);
    expect(hostPaths.filter((source) => !existsSync(resolve(repoPath(COMPOSE_DIR), source)))).toEqual([]);
  });

  it('provisions Grafana with the Prometheus and Postgres data sources from deploy/grafana/provisioning', () => {
    const grafana = services.find(([, s]) => s.image?.startsWith('grafana/'))?.[1];
    const mount = grafana?.volumes?.find((volume) => volume.endsWith(':/etc/grafana/provisioning:ro'));
    expect(resolve(repoPath(COMPOSE_DIR), mount?.split(':')[0] ?? '')).toBe(repoPath('deploy/grafana/provisioning'));
    const file = YAML.parse(readFileSync(repoPath('deploy/grafana/provisioning/datasources/tsf.yaml'), 'utf8'));
    const sources: { type: string; url: string; uid: string }[] = file.datasources;
    expect(sources.map((s) => [s.uid, s.type])).toEqual([
      ['tsf-prometheus', 'prometheus'],
      ['tsf-postgres', 'grafana-postgresql-datasource'],
    ]);
    // Every ${VAR} the provisioning reads is in Grafana's environment.
    const wanted = [...JSON.stringify(file).matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
    expect(wanted.filter((name) => !(name in (grafana?.environment ?? {})))).toEqual([]);
  });

  it('has Prometheus scrape every process that serves metrics, on its port and path, and nothing that does not exist', () => {
    const prometheus = services.find(([, s]) => s.image?.startsWith('prom/prometheus'))?.[1];
    const configMount = prometheus?.volumes?.find((volume) => volume.includes(':/etc/prometheus/prometheus.yml'))?.split(':')[0];
    const config = YAML.parse(readFileSync(resolve(repoPath(COMPOSE_DIR), configMount ?? ''), 'utf8'));
    const jobs: { job_name: string; metrics_path?: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] }[] =
      config.scrape_configs;
    const hosts = jobs.flatMap((job) => [
      ...(job.static_configs ?? []).flatMap((c) => c.targets.map((target) => target.split(':')[0])),
      ...(job.dns_sd_configs ?? []).flatMap((c) => c.names),
    ]);
    expect(hosts.filter((host) => host !== 'localhost' && !(host in project.services))).toEqual([]);

    const scrapes = jobs.flatMap((job) => (job.dns_sd_configs ?? []).flatMap((c) => c.names.map((name) => ({ name, port: c.port, path: job.metrics_path ?? '/metrics' }))));
    const serving = services.flatMap(([name, service]) => {
      const app = entryOf(service)?.app;
      const endpoint = app ? httpEndpointOf(app, environmentOf(service)) : undefined;
      return endpoint?.paths.has('/metrics') ? [{ name, port: endpoint.port, path: '/metrics' }] : [];
    });
    expect(serving.map((s) => s.name)).toEqual(expect.arrayContaining(['api', 'ingestor']));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(scrapes.filter((scrape) => entryOf(project.services[scrape.name] ?? {})?.app).sort(byName)).toEqual(serving.sort(byName));
  });
});
