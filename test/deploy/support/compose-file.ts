import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { readRepoFile, repoPath } from './repo';

export const COMPOSE_DIR = 'deploy/compose';
export const COMPOSE_FILE = `${COMPOSE_DIR}/docker-compose.yml`;

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number; resources?: { reservations?: { devices?: { driver?: string; count?: number; capabilities?: string[] }[] } } };
  profiles?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}

export interface ComposeProject {
  services: Record<string, ComposeService>;
}

/** Compose's interpolation with an empty environment: ${VAR:-default} and ${VAR-default} take the default. */
export function interpolateDefaults(text: string): string {
  return text.replace(/\$\$|\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (match, _name: string, kind?: string, value?: string) => {
    if (match === '$$') return '$';
    if (kind === '-') return value ?? '';
    if (kind === '?') throw new Error(`${match}: required variable in ${COMPOSE_FILE}`);
    return '';
  });
}

/** The Compose file as Compose reads it with no variables set: merge keys (<<) applied, defaults substituted. */
export function loadComposeProject(): ComposeProject {
  return YAML.parse(interpolateDefaults(readRepoFile(COMPOSE_FILE)), { merge: true }) as ComposeProject;
}

export function dependsOn(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  return Array.isArray(deps)
    ? Object.fromEntries(deps.map((name) => [name, 'service_started']))
    : Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

/** `docker compose` (the plugin) or `docker-compose`, whichever this machine has; undefined if neither. */
export function composeCli(): string[] | undefined {
  for (const cli of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(cli[0], [...cli.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return cli;
  }
  return undefined;
}

/** Runs `<cli> -f <file> [args] config -q` in deploy/compose (so .env and relative paths resolve as in use). */
export function composeConfig(cli: string[], file: string, args: string[] = []) {
  return spawnSync(cli[0], [...cli.slice(1), '-f', file, ...args, 'config', '-q'], {
    cwd: repoPath(COMPOSE_DIR),
    encoding: 'utf8',
    timeout: 30_000,
  });
}
