import { AutoForecaster } from '../auto/auto-forecaster';
import { AUTO_ARCHITECTURE } from '../auto/auto-spec';
import { Forecaster } from '../forecaster';
import type { ForecasterSpec } from '../forecaster-spec';
import { EsnForecaster } from '../reservoir/esn-forecaster';
import { ESN_ARCHITECTURE } from '../reservoir/esn-spec';
import { unpackContainer } from '../serialization';
import { EnsembleForecaster } from './ensemble-forecaster';
import { ENSEMBLE_ARCHITECTURE } from './ensemble-spec';
import type { ForecastModel } from './forecast-model';

/** A new, unfitted model of `spec`: an EnsembleForecaster for 'ensemble', an AutoForecaster for 'auto', an EsnForecaster for 'esn', a Forecaster otherwise. */
export function createForecastModel(spec: ForecasterSpec): ForecastModel {
  if (spec.architecture === ENSEMBLE_ARCHITECTURE) return EnsembleForecaster.create(spec);
  if (spec.architecture === AUTO_ARCHITECTURE) return AutoForecaster.create(spec);
  if (spec.architecture === ESN_ARCHITECTURE) return EsnForecaster.create(spec);
  return Forecaster.create(spec);
}

/** Restores what a ForecastModel's save() wrote, of whichever kind it is. Throws ModelFormatError on anything else. */
export function loadForecastModel(bytes: Uint8Array): Promise<ForecastModel> {
  const { header } = unpackContainer(bytes);
  if (AutoForecaster.isAutoHeader(header)) return AutoForecaster.load(bytes, loadForecastModel);
  if (EsnForecaster.isEsnHeader(header)) return EsnForecaster.load(bytes);
  return EnsembleForecaster.isEnsembleHeader(header) ? EnsembleForecaster.load(bytes) : Forecaster.load(bytes);
}
