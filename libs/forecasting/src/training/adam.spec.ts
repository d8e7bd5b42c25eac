import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { recurrentHeap } from '../kernels/wasm-heap';
import { createAdam, FlatAdam } from './adam';

/** Weights after `steps` Adam steps on a fixed quadratic loss, by `optimize` (one step from the gradients). */
function trainQuadratic(optimize: (vars: tf.Variable[]) => (grads: tf.Tensor[]) => void, steps: number): number[][] {
  const initial = [tf.tensor2d([[0.5, -1.5, 2], [3, 0.25, -0.75]]), tf.tensor1d([0.1, -0.2, 0.3])];
  const vars = initial.map((w) => tf.variable(w));
  const target = tf.tensor1d([1, -1, 0.5]);
  const step = optimize(vars);
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(tf.add(tf.matMul(tf.ones([1, 2]), vars[0]), vars[1]), target))) as tf.Scalar, vars);
      step(vars.map((v) => grads[v.name]));
    });
  }
  const weights = vars.map((v) => Array.from(v.dataSync()));
  tf.dispose([...initial, ...vars, target]);
  return weights;
}

const tfjsAdam = (rate: number, clipNorm?: number) => (vars: tf.Variable[]) => {
  const optimizer = tf.train.adam(rate);
  return (grads: tf.Tensor[]) => {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    const scale = clipNorm === undefined ? tf.scalar(1) : tf.div(clipNorm, tf.maximum(norm, clipNorm));
    optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.mul(grads[i], scale) })));
  };
};

/** FlatAdam's steps (its kernel memory is released with the process: these optimizers are small). */
const flatAdam = (rate: number, clipNorm?: number) => (vars: tf.Variable[]) => {
  const optimizer = new FlatAdam(vars, rate);
  return (grads: tf.Tensor[]) => optimizer.step(grads, clipNorm);
};

const expectClose = (actual: number[][], expected: number[][]) =>
  actual.forEach((weights, i) => weights.forEach((w, k) => expect(w).toBeCloseTo(expected[i][k], 4)));

describe('FlatAdam', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("takes tf.train.adam's steps", () => {
    expectClose(trainQuadratic(flatAdam(0.05), 40), trainQuadratic(tfjsAdam(0.05), 40));
  });

  it("clips by global norm as tf.train.adam's steps on clipped gradients", () => {
    expectClose(trainQuadratic(flatAdam(0.05, 0.3), 40), trainQuadratic(tfjsAdam(0.05, 0.3), 40));
  });

  it('follows a changed learning rate from the next step', () => {
    const changed = (vars: tf.Variable[]) => {
      const optimizer = new FlatAdam(vars, 0.05);
      let steps = 0;
      return (grads: tf.Tensor[]) => {
        if (steps++ === 10) optimizer.learningRate = 0.01;
        optimizer.step(grads);
      };
    };
    const reference = (vars: tf.Variable[]) => {
      const optimizer = tf.train.adam(0.05);
      let steps = 0;
      return (grads: tf.Tensor[]) => {
        if (steps++ === 10) (optimizer as unknown as { learningRate: number }).learningRate = 0.01;
        optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      };
    };
    expectClose(trainQuadratic(changed, 20), trainQuadratic(reference, 20));
  });

  it('updates the weights as they are at each step (set from outside in between)', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = new FlatAdam([v], 0.1);
    tf.tidy(() => optimizer.step([tf.tensor1d([1, -1])]));
    expect(Array.from(v.dataSync()).map((w) => +w.toFixed(4))).toEqual([0.9, 2.1]);
    v.assign(tf.tensor1d([10, 20])); // as restoring the best weights does
    tf.tidy(() => optimizer.step([tf.tensor1d([1, -1])]));
    expect(Array.from(v.dataSync()).map((w) => +w.toFixed(4))).toEqual([9.9, 20.1]);
    optimizer.dispose();
    v.dispose();
  });

  it('leaves no tensors and, once disposed, no kernel memory behind', () => {
    const tensors = tf.memory().numTensors;
    const bytes = recurrentHeap().allocatedBytes();
    let optimizer: FlatAdam | undefined;
    trainQuadratic((vars) => {
      optimizer = new FlatAdam(vars, 0.05);
      return (grads) => optimizer?.step(grads, 1);
    }, 5);
    expect(tf.memory().numTensors).toBe(tensors);
    optimizer?.dispose();
    expect(recurrentHeap().allocatedBytes()).toBe(bytes);
  });

  it('is the optimizer on the wasm backend, and tf.train.adam on others', async () => {
    const v = tf.variable(tf.zeros([2]));
    const onWasm = createAdam([v], 0.1);
    expect(onWasm).toBeInstanceOf(FlatAdam);
    onWasm.dispose();
    v.dispose();
    await tf.setBackend('cpu');
    try {
      const w = tf.variable(tf.zeros([2]));
      const onCpu = createAdam([w], 0.1);
      expect(onCpu).not.toBeInstanceOf(FlatAdam);
      tf.tidy(() => onCpu.step([tf.tensor1d([1, -1])], 0.5));
      expect(Array.from(w.dataSync()).map((x) => +x.toFixed(4))).toEqual([-0.1, 0.1]);
      onCpu.dispose();
      w.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
