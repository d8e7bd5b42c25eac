import type { AnnotationQuery, Dashboard, VariableModel } from '@grafana/schema';
import type { PanelSet, SqlCheck } from './panels';

/** A generated dashboard: its provisioning file name, the Grafana model, and its SQL checks. */
export interface TsfDashboard {
  file: string;
  dashboard: Dashboard;
  sqlChecks: SqlCheck[];
}

const BUILT_IN_ANNOTATIONS: AnnotationQuery = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  panels: PanelSet;
  variables?: VariableModel[];
  annotations?: AnnotationQuery[];
  /** Extra checks for SQL outside panels (variables, annotations). */
  extraChecks?: SqlCheck[];
  refresh?: string;
}

export function tsfDashboard(spec: DashboardSpec): TsfDashboard {
  return {
    file: `${spec.uid}.json`,
    sqlChecks: [...spec.panels.sqlChecks, ...(spec.extraChecks ?? [])],
    dashboard: {
      uid: spec.uid,
      title: spec.title,
      description: spec.description,
      tags: ['tsf'],
      editable: false,
      schemaVersion: 41,
      version: 1,
      time: { from: 'now-24h', to: 'now' },
      timezone: 'browser',
      refresh: spec.refresh ?? '30s',
      panels: spec.panels.panels,
      templating: { list: spec.variables ?? [] },
      annotations: { list: [BUILT_IN_ANNOTATIONS, ...(spec.annotations ?? [])] },
    },
  };
}
