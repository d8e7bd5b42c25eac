import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads samples with and without labels, skips comments, and unescapes label values', () => {
    const text = [
      '# HELP tsf_ingest_points_total Points stored',
      '# TYPE tsf_ingest_points_total counter',
      'tsf_ingest_points_total{app="ingestor"} 1200',
      'tsf_ingest_dead_letters_total{reason="not_json",detail="a \\"quoted\\", b"} 2',
      'tsf_ingest_paused 0',
      '',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'tsf_ingest_points_total', labels: { app: 'ingestor' }, value: 1200 },
      { name: 'tsf_ingest_dead_letters_total', labels: { reason: 'not_json', detail: 'a "quoted", b' }, value: 2 },
      { name: 'tsf_ingest_paused', labels: {}, value: 0 },
    ]);
  });
});
