import { ConfigError, loadConfig } from '@tsf/config';
import type { KafkaMessage } from 'kafkajs';
import type { IngestorConfig } from '../ingestor-config';
import { createPointsFormats } from '.';

const LIMITS = { maxMessageBytes: 1_000, maxPointsPerMessage: 10 };
const BASE = { DATABASE_URL: 'postgresql://localhost/tsf', KAFKA_BROKERS: 'localhost:9092' };

function config(env: Record<string, string> = {}): IngestorConfig {
  return loadConfig(['database', 'kafka', 'ingestor'], { ...BASE, ...env });
}

function problems(env: Record<string, string>): ConfigError['problems'] {
  try {
    createPointsFormats(config(env), LIMITS);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no configuration error');
}

describe('points formats per topic', () => {
  it('consumes only TSF_TOPIC_POINTS, as JSON, when no formats are configured', () => {
    const formats = createPointsFormats(config({ TSF_TOPIC_POINTS: 'points' }), LIMITS);
    expect(formats.topics).toEqual(['points']);
    expect(formats.formatOf('points').name).toBe('json');
    const message = { key: Buffer.from('s'), value: Buffer.from('{"series":"s","ts":1700000000000,"value":1}') } as KafkaMessage;
    expect(formats.formatOf('points').decode(message)).toEqual({ ok: true, series: [{ series: 's', points: [{ ts: 1700000000000, value: 1 }] }] });
  });

  it('adds each listed topic with its format, and a listed TSF_TOPIC_POINTS takes the listed format', () => {
    const formats = createPointsFormats(
      config({ TSF_INGEST_FORMATS: ' telegraf=influx-line, sensors=avro ,tsf.points=influx-line', TSF_SCHEMA_REGISTRY_URL: 'http://registry:8081' }),
      LIMITS,
    );
    expect(formats.topics).toEqual(['tsf.points', 'telegraf', 'sensors']);
    expect(formats.topics.map((topic) => formats.formatOf(topic).name)).toEqual(['influx-line', 'influx-line', 'avro']);
    // One instance per format: topics of the same format share it (and the Avro schema cache).
    expect(formats.formatOf('telegraf')).toBe(formats.formatOf('tsf.points'));
    expect(() => formats.formatOf('other')).toThrow(/topic other is not one the ingestor consumes/);
  });

  it('refuses to start with an avro topic and no TSF_SCHEMA_REGISTRY_URL, naming the variable and the topic', () => {
    expect(problems({ TSF_INGEST_FORMATS: 'sensors=avro' })).toEqual([
      { variable: 'TSF_SCHEMA_REGISTRY_URL', message: 'is required: topic sensors is avro (TSF_INGEST_FORMATS)' },
    ]);
  });

  it.each([
    ['an unknown format', 'telegraf=csv', /expected topic=json/],
    ['a topic without a format', 'telegraf', /expected topic=json/],
    ['an invalid topic name', 'tele graf=json', /topic name/],
    ['a topic listed twice', 'a=json,a=avro', /listed twice/],
  ])('reports %s in TSF_INGEST_FORMATS at start', (_case, value, message) => {
    expect(() => config({ TSF_INGEST_FORMATS: value })).toThrow(ConfigError);
    try {
      config({ TSF_INGEST_FORMATS: value });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([{ variable: 'TSF_INGEST_FORMATS', message: expect.stringMatching(message) }]);
    }
  });

  it('reads the line-protocol options: every tag in the key by default, or the listed ones; ns unless set', () => {
    expect(config()).toMatchObject({ TSF_INGEST_LINE_KEY_TAGS: 'all', TSF_INGEST_LINE_PRECISION: 'ns', TSF_INGEST_FORMATS: [] });
    expect(config({ TSF_INGEST_LINE_KEY_TAGS: 'host, cpu', TSF_INGEST_LINE_PRECISION: 'ms' })).toMatchObject({
      TSF_INGEST_LINE_KEY_TAGS: ['host', 'cpu'],
      TSF_INGEST_LINE_PRECISION: 'ms',
    });
    expect(() => config({ TSF_INGEST_LINE_PRECISION: 'h' })).toThrow(/TSF_INGEST_LINE_PRECISION/);
    expect(() => config({ TSF_INGEST_LINE_KEY_TAGS: ',' })).toThrow(/TSF_INGEST_LINE_KEY_TAGS: expected \* or tag names/);
  });
});
