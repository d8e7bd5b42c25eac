import { configNeedsOf, configProblems } from './support/config-requirements';
import { readDockerfile, resolveStage } from './support/dockerfile';
import { httpEndpointOf } from './support/http-endpoints';
import {
  type Container,
  containerEnvironment,
  type HpaSpec,
  kustomizeAvailable,
  kustomizeBuild,
  type Manifest,
  type PdbSpec,
  type ServiceSpec,
  specOf,
  type WorkloadSpec,
} from './support/kustomize';
import { type ProcessEntry, processEntryOf } from './support/process-entry';
import { requireTool } from '../support/required-tool';
import { workspaceApps } from './support/repo';

const BASE = 'deploy/k8s/base';
const PRODUCTION = 'deploy/k8s/overlays/production';
const WORKLOADS = new Set(['Deployment', 'Job']);
const stages = readDockerfile();

/**
 * What a container runs: its command, else the CMD of the Dockerfile target its image is named after
 * (tsf-api in the base, <registry>/tsf/api:<tag> in production: the last path segment, less `tsf-`).
 */
function entryOf(container: Container): ProcessEntry | undefined {
  const repository = (container.image ?? '').replace(/[@:][^/]*$/, '');
  const target = repository.slice(repository.lastIndexOf('/') + 1).replace(/^tsf-/, '');
  const command = container.command ?? (stages.has(target) ? resolveStage(stages, target).cmd : undefined);
  return command ? processEntryOf(command) : undefined;
}

function workloads(manifests: Manifest[]) {
  return manifests.filter((m) => WORKLOADS.has(m.kind)).map((m) => ({ manifest: m, spec: specOf<WorkloadSpec>(m) }));
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

const kubectl = requireTool(kustomizeAvailable(), 'deploy/k8s: `kubectl kustomize` is not available (Debian package kubernetes-client)');

(kubectl ? describe : describe.skip)('deploy/k8s (Kustomize)', () => {
  const built = kubectl ? { base: kustomizeBuild(BASE), production: kustomizeBuild(PRODUCTION) } : { base: [], production: [] };
  /** Every container of every workload in a build, with what it runs. */
  const containers = (manifests: Manifest[]) =>
    workloads(manifests).flatMap(({ manifest, spec }) =>
      spec.template.spec.containers.map((container) => ({
        workload: manifest,
        spec,
        container,
        entry: entryOf(container),
      })),
    );

  describe.each(Object.keys(built) as (keyof typeof built)[])('%s', (name) => {
    const manifests = built[name];

    it('puts every object in the one namespace it creates', () => {
      const namespaces = manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name);
      expect(namespaces).toHaveLength(1);
      const elsewhere = manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== namespaces[0]);
      expect(elsewhere.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([]);
    });

    it('gives every container an image', () => {
      const missing = containers(manifests).filter(({ container }) => !container.image);
      expect(missing.map(({ workload }) => workload.metadata.name)).toEqual([]);
    });

    it.each(workspaceApps())('runs %s in a Deployment with every variable its config schema requires, valid', (app) => {
      const running = containers(manifests).filter(({ entry, workload }) => entry?.app === app && workload.kind === 'Deployment');
      expect(running.length).toBeGreaterThan(0);
      const needs = configNeedsOf(`apps/${app}/src`);
      for (const { workload, container } of running) {
        const problems = configProblems(needs, containerEnvironment(container, manifests));
        expect({ deployment: workload.metadata.name, problems }).toEqual({ deployment: workload.metadata.name, problems: [] });
      }
    });

    it('runs the migrations as a Job of the tsf CLI with the database settings', () => {
      const migrate = containers(manifests).filter(({ entry }) => entry?.name === 'tsf migrate');
      expect(migrate.map(({ workload }) => workload.kind)).toEqual(['Job']);
      const { container } = migrate[0];
      expect(configProblems(configNeedsOf('tools/cli/src/commands/migrate.ts'), containerEnvironment(container, manifests))).toEqual([]);
    });

    it.each(workspaceApps())('probes %s for liveness and readiness on its health routes, and waits for its start on liveness', (app) => {
      const running = containers(manifests).filter(({ entry, workload }) => entry?.app === app && workload.kind === 'Deployment');
      expect(running.length).toBeGreaterThan(0);
      for (const { workload, container } of running) {
        const probes = {
          deployment: workload.metadata.name,
          startup: container.startupProbe?.httpGet?.path,
          live: container.livenessProbe?.httpGet?.path,
          ready: container.readinessProbe?.httpGet?.path,
        };
        // Where the paths and ports are served is checked below, with the Prometheus annotations.
        expect(probes).toEqual({ deployment: workload.metadata.name, startup: '/health/live', live: '/health/live', ready: '/health/ready' });
      }
    });

    it('points every probe and Prometheus annotation at a port and path the process serves, and scrapes every metrics endpoint', () => {
      let checked = 0;
      for (const { workload, spec, container, entry } of containers(manifests)) {
        if (!entry?.app) continue;
        const name = workload.metadata.name;
        const endpoint = httpEndpointOf(entry.app, containerEnvironment(container, manifests));
        const portNumber = (port: number | string) => (typeof port === 'string' ? container.ports?.find((p) => p.name === port)?.containerPort : port);
        const annotations = spec.template.metadata.annotations ?? {};
        const calls = [container.livenessProbe, container.readinessProbe, container.startupProbe].flatMap((probe) =>
          probe?.httpGet ? [{ path: probe.httpGet.path, port: portNumber(probe.httpGet.port) }] : [],
        );
        if (annotations['prometheus.io/scrape'] === 'true') {
          calls.push({ path: annotations['prometheus.io/path'] ?? '/metrics', port: Number(annotations['prometheus.io/port']) });
        }
        for (const call of calls) {
          const served = { port: endpoint?.port, path: endpoint?.paths.has(call.path) ? call.path : '(not served)' };
          expect({ name, ...call }).toEqual({ name, ...served });
          expect(container.ports?.map((p) => p.containerPort)).toContain(call.port);
          checked += 1;
        }
        if (endpoint?.paths.has('/metrics')) expect({ name, scraped: annotations['prometheus.io/scrape'] }).toEqual({ name, scraped: 'true' });
      }
      expect(checked).toBeGreaterThan(0);
    });

    it('scales the API on CPU (requested by its pods) and the ingestors on consumer lag, up to the points partitions', () => {
      const hpas = manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler').map((m) => specOf<HpaSpec>(m));
      const deployments = containers(manifests).filter(({ workload }) => workload.kind === 'Deployment');
      expect(hpas.filter((hpa) => !deployments.some(({ workload }) => workload.metadata.name === hpa.scaleTargetRef.name))).toEqual([]);
      const scaled = (app: string) => {
        const running = deployments.filter(({ entry }) => entry?.app === app);
        const hpa = hpas.find((h) => running.some(({ workload }) => h.scaleTargetRef.kind === 'Deployment' && workload.metadata.name === h.scaleTargetRef.name));
        return { hpa, containers: running.filter(({ workload }) => workload.metadata.name === hpa?.scaleTargetRef.name).map((r) => r.container) };
      };

      const api = scaled('api');
      expect(api.hpa?.metrics).toContainEqual(expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }));
      expect(api.containers.map((c) => c.resources?.requests?.cpu !== undefined)).toEqual(api.containers.map(() => true));

      const ingestor = scaled('ingestor');
      const lag = ingestor.hpa?.metrics.find((metric) => metric.type === 'External')?.external;
      expect(lag?.metric.name).toMatch(/lag/);
      const ingestorEnv = containerEnvironment(ingestor.containers[0], manifests);
      expect(lag?.metric.selector?.matchLabels).toEqual({
        consumergroup: ingestorEnv.TSF_INGEST_GROUP_ID ?? 'tsf-ingestor',
        topic: ingestorEnv.TSF_TOPIC_POINTS ?? 'tsf.points',
      });
      const topics = containers(manifests).find(({ container }) => container.command?.some((arg) => arg.endsWith('create-topics.sh')));
      expect(topics).toBeDefined();
      const partitions = Number(containerEnvironment(topics?.container as Container, manifests).TSF_POINTS_PARTITIONS);
      expect(ingestor.hpa?.maxReplicas).toBeLessThanOrEqual(partitions);
    });

    it('selects the pods of exactly one Deployment with every PodDisruptionBudget, and covers every Deployment of ours', () => {
      const deployments = workloads(manifests).filter(({ manifest }) => manifest.kind === 'Deployment');
      const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
      for (const pdb of pdbs) {
        const selected = deployments.filter(({ spec }) => matches(specOf<PdbSpec>(pdb).selector.matchLabels, spec.template.metadata.labels));
        expect({ pdb: pdb.metadata.name, selects: selected.length }).toEqual({ pdb: pdb.metadata.name, selects: 1 });
      }
      const ours = containers(manifests).filter(({ entry, workload }) => entry?.app && workload.kind === 'Deployment');
      const uncovered = ours.filter(({ spec }) => !pdbs.some((pdb) => matches(specOf<PdbSpec>(pdb).selector.matchLabels, spec.template.metadata.labels)));
      expect(uncovered.map(({ workload }) => workload.metadata.name)).toEqual([]);
    });

    it('selects its own pods with every Deployment, and pods exposing the target port with every Service', () => {
      for (const { manifest, spec } of workloads(manifests).filter(({ manifest }) => manifest.kind === 'Deployment')) {
        expect({ deployment: manifest.metadata.name, matches: matches(spec.selector?.matchLabels ?? {}, spec.template.metadata.labels) }).toEqual({
          deployment: manifest.metadata.name,
          matches: true,
        });
      }
      for (const service of manifests.filter((m) => m.kind === 'Service')) {
        const { selector, ports } = specOf<ServiceSpec>(service);
        const pods = workloads(manifests).filter(({ spec }) => matches(selector, spec.template.metadata.labels));
        expect({ service: service.metadata.name, pods: pods.length > 0 }).toEqual({ service: service.metadata.name, pods: true });
        for (const { targetPort } of ports) {
          const exposed = pods.every(({ spec }) => spec.template.spec.containers.some((c) => c.ports?.some((p) => p.name === targetPort || p.containerPort === targetPort)));
          expect({ service: service.metadata.name, targetPort, exposed }).toEqual({ service: service.metadata.name, targetPort, exposed: true });
        }
      }
    });

    it('runs every pod as a non-root user with a read-only root file system and no privilege escalation', () => {
      for (const { workload, spec, container } of containers(manifests)) {
        const facts = {
          workload: workload.metadata.name,
          runAsNonRoot: spec.template.spec.securityContext?.runAsNonRoot,
          readOnlyRootFilesystem: container.securityContext?.readOnlyRootFilesystem,
          allowPrivilegeEscalation: container.securityContext?.allowPrivilegeEscalation,
        };
        expect(facts).toEqual({ workload: workload.metadata.name, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      }
    });
  });

  it('adds GPU trainers in production: an nvidia.com/gpu each, on GPU nodes, tolerating their taint', () => {
    const gpuTrainers = containers(built.production).filter(({ container }) => container.resources?.limits?.['nvidia.com/gpu'] !== undefined);
    expect(gpuTrainers.length).toBeGreaterThan(0);
    for (const { spec, container, entry } of gpuTrainers) {
      expect(entry?.app).toBe('trainer');
      expect(Number(container.resources?.limits?.['nvidia.com/gpu'])).toBeGreaterThanOrEqual(1);
      expect(Object.keys(spec.template.spec.nodeSelector ?? {}).length).toBeGreaterThan(0);
      expect(spec.template.spec.tolerations).toContainEqual(expect.objectContaining({ key: 'nvidia.com/gpu', effect: 'NoSchedule' }));
      expect(containerEnvironment(container, built.production).TSF_TF_BACKEND).toBe('tensorflow');
    }
    // The base stays schedulable on a cluster without GPUs.
    expect(containers(built.base).filter(({ container }) => container.resources?.limits?.['nvidia.com/gpu'] !== undefined)).toEqual([]);
  });

  it('pins every image of ours to a registry and a tag in production', () => {
    const ours = containers(built.production).filter(({ entry }) => entry);
    expect(ours.length).toBeGreaterThan(0);
    for (const { container } of ours) expect(container.image).toMatch(/^[\w.-]+(:\d+)?\/[\w./-]+:(?!latest$)[\w.-]+$/);
  });
});
