import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per process: the Node.js runtime metrics (`process_*`, `nodejs_*`: CPU, memory,
 * event-loop lag, GC) plus whatever the app registers on it, every series labelled with the app's name.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
