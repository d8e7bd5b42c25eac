import type { VariableModel } from '@grafana/schema';
import type { SqlCheck } from '../panels';
import { POSTGRES } from '../panels';

/** A single-value variable listing the values of one Postgres query (its first column). */
export function sqlVariable(name: string, label: string, sql: string): { variable: VariableModel; check: SqlCheck } {
  return {
    variable: { type: 'query', name, label, datasource: POSTGRES, query: sql, refresh: 1, includeAll: false, multi: false, sort: 1 },
    check: { panel: `variable $${name}`, sql, columns: [name] },
  };
}
