export {
  activeBackend,
  BACKEND_ENV_VAR,
  BACKEND_NAMES,
  ensureBackend,
  initBackend,
  THREADS_ENV_VAR,
  type BackendInfo,
  type BackendName,
} from './backend';
export { WASM_MATMUL_PATCH_ENV_VAR, wasmKernelPatchesInstalled } from './wasm-kernels';
