import type { TsfDashboard } from '../tsf-dashboard';
import { forecastVsActual } from './forecast-vs-actual';
import { ingestion } from './ingestion';
import { modelAccuracy } from './model-accuracy';
import { training } from './training';

/** Every dashboard tsf provisions and pushes. */
export const tsfDashboards: readonly TsfDashboard[] = [forecastVsActual, modelAccuracy, ingestion, training];
