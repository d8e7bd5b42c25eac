export { AutoForecaster, type AutoCandidateResult, type AutoChoice } from './auto-forecaster';
export { candidateLookbacks, planAuto, type AutoCandidate, type AutoPlan, type AutoProfile } from './auto-plan';
export { AUTO_ARCHITECTURE, autoParamsSchema, DEFAULT_AUTO_TIME_BUDGET_SECONDS, MAX_AUTO_MEMBERS, type AutoParams } from './auto-spec';
