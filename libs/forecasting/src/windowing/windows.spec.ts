import * as tf from '@tensorflow/tfjs';
import { initBackend, makeWindows, sliceWindows, windowCount, windowsToTensors } from '../index';

describe('windowing', () => {
  it('counts windows', () => {
    expect(windowCount(10, 3, 2)).toBe(6);
    expect(windowCount(4, 3, 2)).toBe(0);
    expect(windowCount(5, 3, 2)).toBe(1);
    expect(windowCount(10, 3, 2, 2)).toBe(3);
  });

  it('builds flat lookback -> horizon windows', () => {
    const w = makeWindows([0, 1, 2, 3, 4, 5, 6], { lookback: 3, horizon: 2 });
    expect(w.count).toBe(3);
    expect(w.inputs).toBeInstanceOf(Float32Array);
    expect(Array.from(w.inputs)).toEqual([0, 1, 2, 1, 2, 3, 2, 3, 4]);
    expect(Array.from(w.targets)).toEqual([3, 4, 4, 5, 5, 6]);
    const s = makeWindows([0, 1, 2, 3, 4, 5, 6], { lookback: 3, horizon: 2, stride: 2 });
    expect(Array.from(s.inputs)).toEqual([0, 1, 2, 2, 3, 4]);
    expect(Array.from(sliceWindows(w, 1, 3).targets)).toEqual([4, 5, 5, 6]);
    expect(() => makeWindows([1, 2, 3], { lookback: 0, horizon: 1 })).toThrow('lookback must be a positive integer');
  });

  it('converts to tensors of shape [n, lookback, 1] and [n, horizon]', async () => {
    await initBackend();
    const { x, y } = windowsToTensors(makeWindows([0, 1, 2, 3, 4, 5, 6], { lookback: 3, horizon: 2 }));
    expect(x.shape).toEqual([3, 3, 1]);
    expect(y.shape).toEqual([3, 2]);
    expect(Array.from(x.dataSync())).toEqual([0, 1, 2, 1, 2, 3, 2, 3, 4]);
    tf.dispose([x, y]);
  });
});
