import { parsePrometheusText, type Sample } from '../../apps/api/src/dashboard/prometheus-text';

/** A process's `GET /metrics` on loopback, parsed; `value` reads one sample (undefined when absent). */
export async function scrapeMetrics(port: number): Promise<{ samples: Sample[]; value: (name: string, labels?: Record<string, string>) => number | undefined }> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}: ${await response.text()}`);
  const samples = parsePrometheusText(await response.text());
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([label, wanted]) => s.labels[label] === wanted))?.value;
  return { samples, value };
}
