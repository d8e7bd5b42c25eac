/** The contracts the dashboard's browser code may import: modules free of Node types (see apps/api/src/dashboard/web/tsconfig.json). */
export * from './ingestion-status';
export * from './series-frequency';
