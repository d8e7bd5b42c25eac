export { CONFIGURATION_REFERENCE_PATH, configurationReference, type SectionReaders } from './configuration-reference';
export { sectionReaders } from './section-readers';
export { type ConfigVariable, sectionDescriptions, type VariableDescription, variableDescriptions } from './variable-descriptions';
