import { configSections } from './config-schema';
import { ConfigError, loadConfig } from './load-config';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tsf',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('parses a valid environment and applies defaults', () => {
    const config = loadConfig(['database', 'kafka', 'api'], valid);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.TSF_TOPIC_POINTS).toBe('tsf.points');
    expect(config.PORT).toBe(3000);
  });

  it('names a missing variable', () => {
    expect(() => loadConfig(['database'], {})).toThrow(/DATABASE_URL: is required but not set/);
  });

  it('names every wrong variable at once', () => {
    const env = { DATABASE_URL: 'mysql://x@y/z', KAFKA_BROKERS: 'no-port', PORT: 'eighty', TSF_TF_BACKEND: 'tpu' };
    expect(problemsOf(() => loadConfig(['database', 'kafka', 'api', 'forecasting'], env)).sort()).toEqual(
      ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'TSF_TF_BACKEND'].sort(),
    );
  });

  it('treats an empty variable as missing', () => {
    expect(problemsOf(() => loadConfig(['kafka'], { KAFKA_BROKERS: '' }))).toEqual(['KAFKA_BROKERS']);
  });

  it('reads the dashboard\'s ingestor URLs as a comma-separated list, none when unset, and names a bad one', () => {
    expect(loadConfig(['api'], {}).TSF_DASHBOARD_INGESTORS).toEqual([]);
    const urls = loadConfig(['api'], { TSF_DASHBOARD_INGESTORS: 'http://a:9464/metrics, http://b:9464/metrics' }).TSF_DASHBOARD_INGESTORS;
    expect(urls).toEqual(['http://a:9464/metrics', 'http://b:9464/metrics']);
    expect(problemsOf(() => loadConfig(['api'], { TSF_DASHBOARD_INGESTORS: 'http://a:9464/metrics,not a url' }))).toEqual(['TSF_DASHBOARD_INGESTORS']);
  });

  it('reads only the sections asked for', () => {
    expect(Object.keys(loadConfig(['api'], {})).sort()).toEqual(Object.keys(configSections.api.shape).sort());
  });
});
