import * as tf from '@tensorflow/tfjs';
import { smape } from '../metrics';
import { pinballLoss, pointLoss, type LossName } from './losses';

const actual = [10, 20, 30, 40];
const forecast = [12, 18, 33, 40];
// errors ŷ − y: 2, −2, 3, 0

function lossOf(name: LossName, y: number[], yHat: number[]): number {
  return tf.tidy(() => pointLoss(name)(tf.tensor2d([y]), tf.tensor2d([yHat])).dataSync()[0]);
}

describe('training losses, against hand-computed values', () => {
  it('mse: (4+4+9+0)/4 = 4.25', () => {
    expect(lossOf('mse', actual, forecast)).toBeCloseTo(4.25, 5);
  });

  it('mae: (2+2+3+0)/4 = 1.75', () => {
    expect(lossOf('mae', actual, forecast)).toBeCloseTo(1.75, 5);
  });

  it('huber (δ = 1): each error e above 1 costs |e| − ½: (1.5+1.5+2.5+0)/4 = 1.375; below, ½e²', () => {
    expect(lossOf('huber', actual, forecast)).toBeCloseTo(1.375, 5);
    expect(lossOf('huber', [0, 0], [0.5, -0.5])).toBeCloseTo(0.125, 6);
  });

  it('smape is the sMAPE metric as a fraction: ½·(2·2/22 + 2·2/38 + 2·3/63 + 0), × 100 = smape()', () => {
    const hand = (2 * 2) / 22 + (2 * 2) / 38 + (2 * 3) / 63;
    expect(lossOf('smape', actual, forecast)).toBeCloseTo(hand / 4, 6);
    expect(lossOf('smape', actual, forecast) * 100).toBeCloseTo(smape(actual, forecast), 4);
  });

  it('smape counts a step where value and forecast are both 0 as perfect, as the metric does, and is bounded by 2', () => {
    expect(lossOf('smape', [0, 1], [0, 2]) * 100).toBeCloseTo(smape([0, 1], [0, 2]), 4);
    expect(lossOf('smape', [5, -5], [-5, 5])).toBeCloseTo(2, 6);
  });

  it('smape is scale-free: multiplying values and forecasts by a constant leaves it unchanged', () => {
    const scaled = (values: number[]) => values.map((v) => v * 0.003);
    expect(lossOf('smape', scaled(actual), scaled(forecast))).toBeCloseTo(lossOf('smape', actual, forecast), 5);
  });

  it('smape has finite gradients, also where value and forecast are both 0', () => {
    const grads = tf.tidy(() => {
      const yHat = tf.tensor2d([[0, 18, 33]]);
      return Array.from(tf.grad((p: tf.Tensor) => pointLoss('smape')(tf.tensor2d([[0, 20, 30]]), p))(yHat).dataSync());
    });
    expect(grads.every(Number.isFinite)).toBe(true);
    expect(grads[1]).toBeLessThan(0); // under-forecast: raising ŷ lowers the loss
    expect(grads[2]).toBeGreaterThan(0);
  });

  it('pinball at the median is half the MAE', () => {
    const loss = tf.tidy(() => pinballLoss([0.5])(tf.tensor2d([actual]), tf.tensor2d([forecast])).dataSync()[0]);
    expect(loss).toBeCloseTo(0.875, 5);
  });
});
