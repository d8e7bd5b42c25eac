import { Forecaster } from '../forecaster';
import type { ForecasterSpec } from '../forecaster-spec';
import { unpackContainer } from '../serialization';
import { EnsembleForecaster } from './ensemble-forecaster';
import { ENSEMBLE_ARCHITECTURE } from './ensemble-spec';
import type { ForecastModel } from './forecast-model';

/** A new, unfitted model of `spec`: an EnsembleForecaster for architecture 'ensemble', a Forecaster otherwise. */
export function createForecastModel(spec: ForecasterSpec): ForecastModel {
  return spec.architecture === ENSEMBLE_ARCHITECTURE ? EnsembleForecaster.create(spec) : Forecaster.create(spec);
}

/** Restores what a ForecastModel's save() wrote, of whichever kind it is. Throws ModelFormatError on anything else. */
export function loadForecastModel(bytes: Uint8Array): Promise<ForecastModel> {
  return EnsembleForecaster.isEnsembleHeader(unpackContainer(bytes).header) ? EnsembleForecaster.load(bytes) : Forecaster.load(bytes);
}
