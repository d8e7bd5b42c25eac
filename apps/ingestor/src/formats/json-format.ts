import type { PointsLimits } from '@tsf/contracts';
import { parsePoints } from './parse-points-fast';
import { decodedFrom, type PointsFormat, seriesKeyOf } from './points-format';

/** The points message contract (docs/ingestion.md, libs/contracts parse-points), through the ingestor's fast path. */
export function jsonFormat(limits: PointsLimits): PointsFormat {
  return {
    name: 'json',
    decode: (message) => {
      const key = seriesKeyOf(message);
      return 'key' in key ? decodedFrom(parsePoints(message.value, key.key, limits)) : key;
    },
  };
}
