import { type ConformalCalibration, conformalCalibrationSchema } from '@tsf/forecasting';
import type { ServingVersion } from './serving-resolver';

const parsed = new WeakMap<ServingVersion, ConformalCalibration | null>();

/**
 * The conformal calibration the trainer stored in the version's metrics (`metrics.calibration`), checked against its
 * schema once per served version object; null for a version without one (trained before calibrations, or registered
 * by other means) or with one that does not parse, whose levels are then served as normal bands.
 */
export function calibrationOf(version: ServingVersion): ConformalCalibration | null {
  let calibration = parsed.get(version);
  if (calibration === undefined) {
    const stored = (version.metrics as { calibration?: unknown } | null)?.calibration;
    const result = stored === undefined ? null : conformalCalibrationSchema.safeParse(stored);
    calibration = result?.success ? result.data : null;
    parsed.set(version, calibration);
  }
  return calibration;
}
