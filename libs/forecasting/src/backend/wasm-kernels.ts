/**
 * Kernel-level speedups for the wasm backend.
 *
 * tfjs-backend-wasm 4.22 runs BatchMatMul through XNNPACK only when neither operand is transposed; the
 * transposed variants (which every matmul gradient uses: dA = dY·Bᵀ, dB = Aᵀ·dY) fall back to a naive
 * loop that is ~5-8x slower. We re-register BatchMatMul for 'wasm' so that transposed operands are
 * first materialized with the (fast) Transpose kernel and the product then runs on the fast path.
 * Same maths, different summation order only through XNNPACK's blocking. Disable with
 * TSF_WASM_MATMUL_PATCH=0.
 */
import * as tf from '@tensorflow/tfjs';

export const WASM_MATMUL_PATCH_ENV_VAR = 'TSF_WASM_MATMUL_PATCH';

type KernelArgs = Parameters<tf.KernelFunc>[0];
interface WasmBackendLike {
  disposeData(dataId: object): boolean | void;
}

let patched = false;

export function wasmKernelPatchesInstalled(): boolean {
  return patched;
}

export function installWasmKernelPatches(): void {
  if (patched || process.env[WASM_MATMUL_PATCH_ENV_VAR] === '0') return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return;
  const originalFunc = original.kernelFunc;
  const transposeFunc = transpose.kernelFunc;

  const kernelFunc = (args: KernelArgs) => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs?.transposeA && !attrs?.transposeB) return originalFunc(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const temporaries: tf.TensorInfo[] = [];
    const materialize = (x: tf.TensorInfo): tf.TensorInfo => {
      const rank = x.shape.length;
      const perm = Array.from({ length: rank }, (_, i) => i);
      perm[rank - 1] = rank - 2;
      perm[rank - 2] = rank - 1;
      const t = transposeFunc({ inputs: { x }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
      temporaries.push(t);
      return t;
    };
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    try {
      return originalFunc({
        inputs: { a: attrs.transposeA ? materialize(a) : a, b: attrs.transposeB ? materialize(b) : b },
        backend: args.backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };

  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as tf.KernelFunc });
  patched = true;
}
