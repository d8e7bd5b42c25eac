import { detectSeason } from '../baselines/seasonality';
import type { ForecasterSpec } from '../forecaster-spec';
import { allPositive, deriveTransforms, type TransformsSpec } from '../transforms';
import type { SeriesInput } from '../windowing';

/**
 * An ESN's readout is fitted by least squares over the windows of every series at once, so each series is z-scored
 * (after the log, where there is one): otherwise the series of the widest swings (in logs, those that dip near zero)
 * would outweigh every other in its squared errors. The rest is as `transforms` (deriveTransforms) say.
 */
export const forEsn = (transforms: TransformsSpec): TransformsSpec => ({ ...transforms, scale: 'standard' });

/**
 * The transforms an ESN fits with: its spec's, or where the spec gives none, those derived from its training series
 * as auto derives its own (deriveTransforms: the log where every value is positive, each window minus its level, the
 * season detected on the series), each series z-scored (forEsn). So an ESN sees multiplicative series (M4's) as
 * relative changes from their level, without being told which they are.
 */
export function esnTransforms(spec: ForecasterSpec, inputs: readonly SeriesInput[]): TransformsSpec {
  if (spec.transforms !== undefined) return spec.transforms;
  const values = inputs.map((input) => input.values);
  return forEsn(deriveTransforms({ positive: allPositive(values), season: detectSeason(values).season, lookback: spec.lookback }).transforms);
}
