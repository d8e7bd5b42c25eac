import type { BacktestFold } from '@tsf/forecasting';
import { fixedInputs, modelSpec } from './model-runner';
import { parseBacktestOptions } from './options';

const base = ['--csv', 'x.csv', '--format', 'm4', '--horizon', '4'];
const settings = { horizon: 4, season: 2, lookback: 8, autoLookback: 28, timeBudgetSeconds: 60 };
const fold = (values: number[][]): BacktestFold => ({ index: 0, windows: values.map((history, i) => ({ key: `s${i}`, history, actual: [1, 1, 1, 1] })) });

describe('tsf backtest › the inputs of the registered architectures (--transforms, --embed-series)', () => {
  it('gives a registered architecture the transforms auto derives and a vector per series; auto and the ESN keep their own', () => {
    const options = parseBacktestOptions([...base, '--model', 'mlp,esn,auto', '--transforms', 'derived', '--embed-series', '8']);
    const inputs = fixedInputs(options, [fold([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]])], 2, 8);
    expect(inputs).toEqual({ transforms: { log: true, scale: 'none', level: { mean: 2 } }, embeddings: { series: 8 } });
    const spec = (architecture: string) => modelSpec({ kind: 'tsf', name: architecture, architecture, params: {} }, { ...settings, inputs });
    expect(spec('mlp')).toMatchObject({ architecture: 'mlp', transforms: inputs?.transforms, embeddings: { series: 8 } });
    expect(spec('esn')).not.toHaveProperty('embeddings');
    expect(spec('auto')).not.toHaveProperty('embeddings');
  });

  it('derives the z-score where some value is not positive, and nothing without the options', () => {
    expect(fixedInputs({ transforms: 'derived' }, [fold([[0, 1, 2, 3, 4, 5, 6, 7, 8]])], 2, 8)).toEqual({ transforms: { scale: 'standard', level: { mean: 2 } } });
    expect(fixedInputs({}, [fold([[1, 2]])], 2, 8)).toEqual({});
  });

  it.each([
    [['--model', 'auto', '--embed-series', '8'], '--transforms and --embed-series apply to the registered architectures'],
    [['--model', 'mlp', '--embed-series', '0'], '--embed-series must be a positive integer'],
    [['--model', 'mlp', '--embed-series', '300'], '--embed-series must be at most 256'],
    [['--model', 'mlp', '--transforms', 'log'], '--transforms must be derived'],
  ])('refuses %j', (args, message) => {
    expect(() => parseBacktestOptions([...base, ...args])).toThrow(message);
  });
});
