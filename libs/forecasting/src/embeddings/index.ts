export { embeddedFields, embeddingsSpecSchema, MAX_EMBEDDED_LABELS, MAX_EMBEDDING_DIM, type EmbeddedField, type EmbeddingsSpec } from './embeddings-spec';
export { MAX_VOCABULARY, SeriesVocabulary, seriesVocabularySchema, type CategoricalInputs, type SeriesVocabularyState } from './series-vocabulary';
