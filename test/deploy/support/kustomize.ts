import { execFileSync, spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { repoPath } from './repo';

/** The parts of Kubernetes objects the deploy tests read. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: Record<string, string>;
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

interface KeyRef {
  name: string;
  key: string;
}

export interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; operator?: string; effect?: string }[];
  };
}

export interface WorkloadSpec {
  replicas?: number;
  selector?: { matchLabels: Record<string, string> };
  template: PodTemplate;
}

export interface HpaSpec {
  scaleTargetRef: { apiVersion: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics: { type: string; resource?: { name: string }; external?: { metric: { name: string; selector?: { matchLabels: Record<string, string> } } } }[];
}

export interface PdbSpec {
  selector: { matchLabels: Record<string, string> };
}

export interface ServiceSpec {
  selector: Record<string, string>;
  ports: { port: number; targetPort: number | string }[];
}

export function specOf<T>(manifest: Manifest): T {
  return manifest.spec as T;
}

/** Whether `kubectl kustomize` works here (kubectl embeds kustomize). */
export function kustomizeAvailable(): boolean {
  return spawnSync('kubectl', ['kustomize', '--help'], { encoding: 'utf8' }).status === 0;
}

/** `kubectl kustomize <dir>`: the manifests a kustomization renders, exactly what `kubectl apply -k` sends. */
export function kustomizeBuild(dir: string): Manifest[] {
  const output = execFileSync('kubectl', ['kustomize', repoPath(dir)], { encoding: 'utf8', timeout: 30_000 });
  return YAML.parseAllDocuments(output).map((document) => document.toJS() as Manifest);
}

/** A container's environment as the kubelet would set it: envFrom ConfigMaps and Secrets, then env. */
export function containerEnvironment(container: Container, manifests: Manifest[]): Record<string, string> {
  const find = (kind: string, name: string) => {
    const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
    if (!found) throw new Error(`container ${container.name} refers to ${kind} ${name}, which the build does not have`);
    const data = found.data ?? {};
    return kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : data;
  };
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, find('ConfigMap', source.configMapRef.name));
    if (source.secretRef) Object.assign(env, find('Secret', source.secretRef.name));
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
    const kind = variable.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
    env[variable.name] = ref ? find(kind, ref.name)[ref.key] : (variable.value ?? '');
  }
  return env;
}
