import { Counter } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { serveMetrics } from './metrics-server';

describe('metrics endpoint', () => {
  it('serves the registry in the Prometheus text format, labelled with the app, and nothing else', async () => {
    const registry = createMetricsRegistry('unit');
    new Counter({ name: 'tsf_unit_things_total', help: 'things', registers: [registry] }).inc(3);
    const server = await serveMetrics(registry, { port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('tsf_unit_things_total{app="unit"} 3');
      expect(text).toMatch(/^process_resident_memory_bytes\{app="unit"\} \d+/m);
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('fails to start, naming the cause, when the port is taken', async () => {
    const first = await serveMetrics(createMetricsRegistry('a'), { port: 0, host: '127.0.0.1' });
    try {
      await expect(serveMetrics(createMetricsRegistry('b'), { port: first.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
