import { commandLine, runOf } from './runs';
import { TASKS } from './tasks';
import { variantsOf, withSeed } from './variants';

describe('accuracy bench › variants', () => {
  it('runs a registered architecture with and without series embeddings, each with the asked transforms, and names the rows apart', () => {
    const [plain, embedded] = variantsOf('mlp', { transforms: 'derived', embedSeries: 8 });
    expect([plain.label, embedded.label]).toEqual([' (derived transforms)', ' (derived transforms) + series embeddings (8)']);
    const run = runOf(TASKS.m4, 'mlp', { data: 'data', quick: false, seed: 2, epochs: 3, history: 336 }, withSeed(embedded, 2));
    expect(run.name).toBe('mlp (derived transforms) + series embeddings (8), seed 2');
    expect(commandLine(run)).toContain('--model mlp --seed 2 --epochs 3 --history 336 --transforms derived --embed-series 8 --json');
  });

  it('runs auto, the ESN and the baselines as they are', () => {
    for (const model of ['auto', 'esn', 'naive']) expect(variantsOf(model, { transforms: 'derived', embedSeries: 8 })).toEqual([{ options: [], label: '' }]);
    expect(variantsOf('gru', {})).toEqual([{ options: [], label: '' }]);
    expect(runOf(TASKS.m4, 'naive', { data: 'data', quick: false, seed: 1, epochs: 3 }).args).not.toContain('--epochs');
  });
});
