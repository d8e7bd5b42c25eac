/**
 * TensorFlow.js backend selection.
 *
 * Order tried when nothing is requested: `@tensorflow/tfjs-node-gpu` ('tensorflow' backend, CUDA),
 * `@tensorflow/tfjs-node` ('tensorflow', CPU libtensorflow), `@tensorflow/tfjs-backend-wasm` ('wasm'),
 * then the pure-JS 'cpu' backend. Env `TSF_TF_BACKEND` (`tensorflow` | `wasm` | `cpu`) or an explicit
 * `initBackend(name)` pins one: that backend is used or initBackend fails with BackendUnavailableError.
 *
 * The native packages are optional (their install downloads libtensorflow) and are therefore only ever
 * `require`d lazily inside try/catch, never imported statically, so this library loads without them.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError } from '../errors';
import { installWasmKernelPatches } from './wasm-kernels';

export const BACKEND_ENV_VAR = 'TSF_TF_BACKEND';
/** Env var overriding the wasm thread count (only effective where the threaded wasm build can run). */
export const THREADS_ENV_VAR = 'TSF_TF_THREADS';
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  /** tfjs backend name: 'tensorflow' | 'wasm' | 'cpu'. */
  name: BackendName;
  /** npm package providing it. */
  package: string;
  /** wasm only: thread count used by XNNPACK (1 in Node, where the threaded build is unavailable). */
  threads?: number;
  /** wasm only: whether the SIMD build is in use. */
  simd?: boolean;
  /** How the backend was chosen. */
  selectedBy: 'auto' | 'argument' | 'env';
  /** Candidates tried before this one and why they were skipped (auto selection only). */
  skipped: Array<{ package: string; reason: string }>;
}

let active: BackendInfo | null = null;
let inFlight: Promise<BackendInfo> | null = null;

/** The backend chosen by the last successful initBackend(), or null before one has completed. */
export function activeBackend(): BackendInfo | null {
  return active ? { ...active, skipped: [...active.skipped] } : null;
}

/**
 * Chooses and initializes the TensorFlow.js backend. Idempotent: once a backend is active, later calls
 * return it without doing anything, unless they explicitly name a different backend (argument or env),
 * in which case that backend is switched to (or an error is thrown).
 *
 * @param preferred 'tensorflow' | 'wasm' | 'cpu' | 'auto'. Overrides `TSF_TF_BACKEND` when given.
 */
export async function initBackend(preferred?: string): Promise<BackendInfo> {
  // Serialize concurrent calls so two callers never race tf.setBackend.
  while (inFlight) {
    try {
      await inFlight;
    } catch {
      /* the other caller reports its own failure */
    }
  }
  const request = resolveRequest(preferred);
  if (active && (request.name === 'auto' || request.name === active.name)) return activeBackend()!;
  const run = select(request);
  inFlight = run;
  try {
    active = await run;
    return activeBackend()!;
  } finally {
    inFlight = null;
  }
}

/** Initializes the default backend if none is active yet; returns the active one. */
export async function ensureBackend(): Promise<BackendInfo> {
  return active ?? initBackend();
}

interface Request {
  name: BackendName | 'auto';
  source: 'auto' | 'argument' | 'env';
}

function resolveRequest(preferred: string | undefined): Request {
  let raw: string | undefined;
  let source: Request['source'] = 'auto';
  if (preferred !== undefined && preferred !== null && String(preferred).trim() !== '') {
    raw = String(preferred);
    source = 'argument';
  } else {
    const env = process.env[BACKEND_ENV_VAR];
    if (env !== undefined && env.trim() !== '') {
      raw = env;
      source = 'env';
    }
  }
  if (raw === undefined) return { name: 'auto', source: 'auto' };
  const name = raw.trim().toLowerCase();
  if (name === 'auto') return { name: 'auto', source: 'auto' };
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    const where = source === 'env' ? `${BACKEND_ENV_VAR}=${JSON.stringify(raw)}` : `initBackend(${JSON.stringify(raw)})`;
    throw new BackendUnavailableError(
      `Unknown TensorFlow.js backend "${raw}" (from ${where}); expected one of: ${BACKEND_NAMES.join(', ')} ` +
        `(or leave ${BACKEND_ENV_VAR} unset for automatic selection)`,
      { requested: raw, source },
    );
  }
  return { name: name as BackendName, source };
}

interface Candidate {
  name: BackendName;
  package: string;
  load(): Promise<Omit<BackendInfo, 'selectedBy' | 'skipped'>>;
}

const CANDIDATES: Candidate[] = [
  { name: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', load: () => loadNative('@tensorflow/tfjs-node-gpu') },
  { name: 'tensorflow', package: '@tensorflow/tfjs-node', load: () => loadNative('@tensorflow/tfjs-node') },
  { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', load: loadWasm },
  { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', load: loadCpu },
];

async function select(request: Request): Promise<BackendInfo> {
  const candidates = request.name === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.name === request.name);
  const skipped: BackendInfo['skipped'] = [];
  for (const candidate of candidates) {
    try {
      const info = await candidate.load();
      return { ...info, selectedBy: request.source, skipped };
    } catch (err) {
      skipped.push({ package: candidate.package, reason: describeError(err) });
    }
  }
  const detail = skipped.map((s) => `${s.package}: ${s.reason}`).join('; ');
  if (request.name === 'auto') {
    throw new BackendUnavailableError(`No TensorFlow.js backend could be initialized (${detail})`, { skipped });
  }
  const origin = request.source === 'env' ? `${BACKEND_ENV_VAR}=${request.name}` : `initBackend('${request.name}')`;
  throw new BackendUnavailableError(`TensorFlow.js backend "${request.name}" requested by ${origin} is unavailable (${detail})`, {
    requested: request.name,
    skipped,
  });
}

async function activate(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
}

async function loadNative(pkg: string): Promise<Omit<BackendInfo, 'selectedBy' | 'skipped'>> {
  try {
    // Lazy, optional: these packages need libtensorflow and are usually not installed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(pkg);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(pkg)) throw new Error('not installed');
    throw err;
  }
  if (!(tf.engine() as unknown as { registryFactory: Record<string, unknown> }).registryFactory.tensorflow) {
    throw new Error(`loaded, but it did not register a 'tensorflow' backend with this @tensorflow/tfjs (version mismatch?)`);
  }
  await activate('tensorflow');
  return { name: 'tensorflow', package: pkg };
}

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node;
}

let wasmConfigured = false;

async function loadWasm(): Promise<Omit<BackendInfo, 'selectedBy' | 'skipped'>> {
  const initialized = 'wasm' in (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  if (!initialized && !wasmConfigured) {
    if (isNode()) {
      // Load the .wasm binaries from the installed package (offline), not from a CDN.
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      setWasmPaths(dist + path.sep);
    }
    setThreadsCount(desiredThreads());
    wasmConfigured = true;
  }
  await activate('wasm');
  installWasmKernelPatches();
  let threads = 1;
  try {
    threads = getThreadsCount();
  } catch {
    /* not reported by this build */
  }
  return {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    threads,
    simd: Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')),
  };
}

/** Threads for XNNPACK: $TSF_TF_THREADS, else the CPUs this process may use. */
function desiredThreads(): number {
  const fromEnv = Number.parseInt(process.env[THREADS_ENV_VAR] ?? '', 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n || 1);
}

async function loadCpu(): Promise<Omit<BackendInfo, 'selectedBy' | 'skipped'>> {
  await activate('cpu');
  // We choose cpu deliberately (or as the last fallback), so silence tfjs' one-time
  // "install tfjs-node" banner that the cpu backend prints on first use in Node.
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend && 'firstUse' in backend) backend.firstUse = false;
  return { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu' };
}

function describeError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 300);
}
