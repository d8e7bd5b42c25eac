export { architectureCosts, type ArchitectureCost, type ArchitectureFamily } from './architecture-costs';
export { estimateTrainingCost, trainingRunSchema, type TrainingCostDefinition, type TrainingCostEstimate } from './training-cost';
export { esnTrainingCost } from './reservoir-cost';
