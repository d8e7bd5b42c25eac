import type { JobKind } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { ESN_ARCHITECTURE } from '@tsf/forecasting';
import { z } from 'zod';

/** What a version's lineage says of an online readout: the params it was trained with include `online: true`. */
const onlineLineageSchema = z.looseObject({ params: z.looseObject({ online: z.literal(true) }) });

/** True when `version` of `model` is an ESN saved with params.online: it keeps what recursive least squares needs. */
export function readoutUpdatable(model: Pick<Model, 'architecture'>, version: { lineage: unknown } | null): boolean {
  return model.architecture === ESN_ARCHITECTURE && version !== null && onlineLineageSchema.safeParse(version.lineage).success;
}

/**
 * The job an every-N-points trigger queues for a model: `update-readout` when its production version's readout can
 * learn the new points without retraining (readoutUpdatable), else `train`. Cron and drift triggers always retrain:
 * they are how an online model gets a fresh reservoir and penalty.
 */
export const newPointsJobKind = (model: Pick<Model, 'architecture'>, production: { lineage: unknown } | null): JobKind =>
  readoutUpdatable(model, production) ? 'update-readout' : 'train';
