import { ConfigError } from '@tsf/config';
import type { PointsLimits } from '@tsf/contracts';
import type { IngestorConfig } from '../ingestor-config';
import { AvroFormat } from './avro-format';
import { influxLineFormat } from './influx-line-format';
import { jsonFormat } from './json-format';
import type { PointsFormat, PointsFormats } from './points-format';

export { type DecodeResult, type PointsFormat, type PointsFormats, TransientDecodeError } from './points-format';

/**
 * The topics to consume and the format of each: TSF_TOPIC_POINTS carries JSON unless TSF_INGEST_FORMATS lists it,
 * and every listed topic its listed format. One instance per format, so the Avro schema cache is shared by topics.
 * Throws ConfigError (exit 78 at start) when a topic is avro and no TSF_SCHEMA_REGISTRY_URL is set.
 */
export function createPointsFormats(config: IngestorConfig, limits: PointsLimits): PointsFormats {
  const listed = new Map(config.TSF_INGEST_FORMATS.map(({ topic, format }) => [topic, format]));
  const byTopic = new Map([[config.TSF_TOPIC_POINTS, listed.get(config.TSF_TOPIC_POINTS) ?? ('json' as const)], ...listed]);
  const names = new Set(byTopic.values());
  if (names.has('avro') && config.TSF_SCHEMA_REGISTRY_URL === undefined) {
    const avroTopics = [...byTopic].filter(([, format]) => format === 'avro').map(([topic]) => topic);
    throw new ConfigError([{ variable: 'TSF_SCHEMA_REGISTRY_URL', message: `is required: topic ${avroTopics.join(', ')} is avro (TSF_INGEST_FORMATS)` }]);
  }
  const formats = new Map<PointsFormat['name'], PointsFormat>();
  for (const name of names) formats.set(name, createFormat(name, config, limits));
  return {
    topics: [...byTopic.keys()],
    formatOf(topic) {
      const format = byTopic.get(topic);
      if (format === undefined) throw new Error(`topic ${topic} is not one the ingestor consumes (${[...byTopic.keys()].join(', ')})`);
      return formats.get(format)!;
    },
  };
}

function createFormat(name: PointsFormat['name'], config: IngestorConfig, limits: PointsLimits): PointsFormat {
  switch (name) {
    case 'json':
      return jsonFormat(limits);
    case 'influx-line':
      return influxLineFormat({ precision: config.TSF_INGEST_LINE_PRECISION, keyTags: config.TSF_INGEST_LINE_KEY_TAGS }, limits);
    case 'avro':
      return new AvroFormat(config.TSF_SCHEMA_REGISTRY_URL!, limits);
  }
}
