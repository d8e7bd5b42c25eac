import { createModelSchema, GRID_AGGREGATES as CONTRACT_AGGREGATES } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { DEFAULT_GRID_POLICY, GRID_AGGREGATES } from '@tsf/forecasting';
import { gridPolicyOf } from './grid-policy';

const definition = (fields: Record<string, unknown>) => createModelSchema.safeParse({ name: 'g', seriesKey: 'g/a', architecture: 'mlp', lookback: 12, horizon: 4, ...fields });

describe('registry › grid policy › how a model reads its series on their grid', () => {
  it('a model without one (or stored before grids) reads with the default, the forecasting library’s', () => {
    expect(gridPolicyOf({ grid: null } as Pick<Model, 'grid'>)).toEqual(DEFAULT_GRID_POLICY);
    expect(definition({}).data?.grid).toBeUndefined();
  });

  it('a partial policy is completed with the defaults', () => {
    const { data } = definition({ grid: { aggregate: 'sum' } });
    expect(gridPolicyOf({ grid: data!.grid ?? null } as Pick<Model, 'grid'>)).toEqual({ aggregate: 'sum', maxGap: 3 });
  });

  it.each([{ aggregate: 'median' }, { maxGap: -1 }, { maxGap: 1.5 }, { maxGap: 1001 }, { fill: 'zero' }])('the definition refuses grid %j, naming the field', (grid) => {
    const parsed = definition({ grid });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path[0]).toBe('grid');
  });

  it('the contract and the forecasting library know the same aggregates', () => {
    expect([...CONTRACT_AGGREGATES]).toEqual([...GRID_AGGREGATES]);
  });
});
