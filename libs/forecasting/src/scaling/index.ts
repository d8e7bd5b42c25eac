export { StandardScaler, standardScalerStateSchema, type StandardScalerFitOptions, type StandardScalerState } from './standard-scaler';
