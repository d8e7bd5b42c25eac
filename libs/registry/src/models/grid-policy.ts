import { gridPolicySchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import type { GridPolicy } from '@tsf/forecasting';

/**
 * How a model puts its series on their grid, as stored (NULL for a model that declared none, or one created before
 * grids), with the defaults filled in: what the trainer reads its series with and the API reads recent history with.
 */
export function gridPolicyOf(model: Pick<Model, 'grid'>): GridPolicy {
  return gridPolicySchema.parse(model.grid ?? {});
}
