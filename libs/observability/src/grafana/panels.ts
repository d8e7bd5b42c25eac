import type { DataSourceRef, Panel } from '@grafana/schema';

/** The provisioned data sources (deploy/grafana/provisioning/datasources/tsf.yaml), by uid. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'tsf-prometheus' };
export const POSTGRES: DataSourceRef = { type: 'grafana-postgresql-datasource', uid: 'tsf-postgres' };

/** A Postgres panel query: raw SQL with Grafana macros; `time_series` needs a `time` column. */
export type PostgresQuery = {
  refId: string;
  datasource?: DataSourceRef;
  rawSql: string;
  rawQuery: true;
  editorMode: 'code';
  format: 'time_series' | 'table';
};

export type PrometheusQuery = {
  refId: string;
  datasource: DataSourceRef;
  expr: string;
  legendFormat?: string;
};

/** A panel's SQL with the columns its visualisation reads (checked against the real schema by test/grafana). */
export interface SqlCheck {
  panel: string;
  sql: string;
  columns: readonly string[];
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SqlPanelSpec {
  title: string;
  type: 'timeseries' | 'table' | 'stat';
  gridPos: GridPos;
  sql: string;
  format: PostgresQuery['format'];
  columns: readonly string[];
  unit?: string;
}

export interface PromPanelSpec {
  title: string;
  type: 'timeseries' | 'stat';
  gridPos: GridPos;
  queries: ReadonlyArray<{ expr: string; legend?: string }>;
  unit?: string;
}

/** Collects a dashboard's panels (ids in order) and the SQL checks of its Postgres panels. */
export class PanelSet {
  readonly panels: Panel[] = [];
  readonly sqlChecks: SqlCheck[] = [];

  sql(spec: SqlPanelSpec): this {
    const target: PostgresQuery = { refId: 'A', datasource: POSTGRES, rawSql: spec.sql, rawQuery: true, editorMode: 'code', format: spec.format };
    this.add(spec, POSTGRES, [target]);
    this.sqlChecks.push({ panel: spec.title, sql: spec.sql, columns: spec.columns });
    return this;
  }

  prom(spec: PromPanelSpec): this {
    const targets: PrometheusQuery[] = spec.queries.map((query, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: PROMETHEUS,
      expr: query.expr,
      ...(query.legend === undefined ? {} : { legendFormat: query.legend }),
    }));
    this.add(spec, PROMETHEUS, targets);
    return this;
  }

  private add(spec: { title: string; type: string; gridPos: GridPos; unit?: string }, datasource: DataSourceRef, targets: Array<PostgresQuery | PrometheusQuery>): void {
    this.panels.push({
      id: this.panels.length + 1,
      title: spec.title,
      type: spec.type,
      gridPos: spec.gridPos,
      datasource,
      targets,
      fieldConfig: { defaults: spec.unit === undefined ? {} : { unit: spec.unit }, overrides: [] },
      options: {},
    });
  }
}
