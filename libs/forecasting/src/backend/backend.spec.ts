import * as tf from '@tensorflow/tfjs';
import { activeBackend, BackendUnavailableError, initBackend, wasmKernelPatchesInstalled } from '../index';

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
const nativeInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

describe('initBackend', () => {
  const saved = process.env.TSF_TF_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.TSF_TF_BACKEND;
    else process.env.TSF_TF_BACKEND = saved;
  });

  (nativeInstalled ? it.skip : it)('picks wasm when TSF_TF_BACKEND is unset and tfjs-node is not installed', async () => {
    delete process.env.TSF_TF_BACKEND;
    expect(activeBackend()).toBeNull();
    const info = await initBackend();
    expect(info).toMatchObject({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', selectedBy: 'auto' });
    expect(info.skipped.map((s) => s.package)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(info.skipped.every((s) => s.reason === 'not installed')).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(tf.getBackend()).toBe('wasm');
    expect(activeBackend()).toEqual(info);
    expect(wasmKernelPatchesInstalled()).toBe(true);
    // idempotent
    expect(await initBackend()).toEqual(info);
    expect(await Promise.all([initBackend(), initBackend()])).toEqual([info, info]);
  });

  it('the patched wasm BatchMatMul computes transposed products correctly', async () => {
    await initBackend('wasm');
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([7, 8, 9, 10, 11, 12], [3, 2]);
    expect(Array.from(tf.matMul(a, b).dataSync())).toEqual([58, 64, 139, 154]);
    expect(Array.from(tf.matMul(a, a, false, true).dataSync())).toEqual([14, 32, 32, 77]);
    expect(Array.from(tf.matMul(a, a, true, false).dataSync())).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(Array.from(tf.matMul(b, a, true, true).dataSync())).toEqual([58, 139, 64, 154]);
    const batched = tf.matMul(tf.stack([a, a]), tf.stack([a, a]), false, true);
    expect(Array.from(batched.dataSync())).toEqual([14, 32, 32, 77, 14, 32, 32, 77]);
    tf.dispose([a, b, batched]);
  });

  it('honours TSF_TF_BACKEND=cpu', async () => {
    process.env.TSF_TF_BACKEND = 'cpu';
    const info = await initBackend();
    expect(info).toMatchObject({ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', selectedBy: 'env' });
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackend()?.name).toBe('cpu');
  });

  it('an explicit argument wins over the env var', async () => {
    process.env.TSF_TF_BACKEND = 'cpu';
    const info = await initBackend('wasm');
    expect(info).toMatchObject({ name: 'wasm', selectedBy: 'argument' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name with a clear error', async () => {
    process.env.TSF_TF_BACKEND = 'gpu-please';
    await expect(initBackend()).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend()).rejects.toThrow(
      'Unknown TensorFlow.js backend "gpu-please" (from TSF_TF_BACKEND="gpu-please"); expected one of: tensorflow, wasm, cpu',
    );
    await expect(initBackend('webgpu')).rejects.toThrow(/Unknown TensorFlow.js backend "webgpu" \(from initBackend\("webgpu"\)\)/);
    expect(activeBackend()?.name).toBe('wasm'); // a failed request leaves the active backend alone
  });

  (nativeInstalled ? it.skip : it)('fails clearly when TSF_TF_BACKEND=tensorflow but tfjs-node is not installed', async () => {
    process.env.TSF_TF_BACKEND = 'tensorflow';
    await expect(initBackend()).rejects.toThrow(
      'TensorFlow.js backend "tensorflow" requested by TSF_TF_BACKEND=tensorflow is unavailable ' +
        '(@tensorflow/tfjs-node-gpu: not installed; @tensorflow/tfjs-node: not installed)',
    );
  });
});
