import { AUTO_ARCHITECTURE } from '../auto/auto-spec';
import { SpecError } from '../errors';
import { ESN_ARCHITECTURE } from '../reservoir/esn-spec';
import { ENSEMBLE_ARCHITECTURE } from './ensemble-spec';

/** The model kinds that are not one tfjs network, each as it is named in errors, with the class that creates it. */
const OTHER_KINDS: Readonly<Record<string, readonly [string, string]>> = {
  [ENSEMBLE_ARCHITECTURE]: ['an ensemble', 'EnsembleForecaster'],
  [AUTO_ARCHITECTURE]: ['an auto model', 'AutoForecaster'],
  [ESN_ARCHITECTURE]: ['an ESN', 'EsnForecaster'],
};

/** Throws SpecError when `architecture` names a kind of model a Forecaster is not: createForecastModel() makes those. */
export function assertNetworkArchitecture(architecture: unknown): void {
  const kind = typeof architecture === 'string' && Object.hasOwn(OTHER_KINDS, architecture) ? OTHER_KINDS[architecture] : undefined;
  if (kind) throw new SpecError(`${kind[0]} is created with createForecastModel() (or ${kind[1]}.create())`);
}
