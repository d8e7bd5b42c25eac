#!/bin/sh
# Creates tsf's Kafka topics, or grows their partition counts; safe to run again and again.
# Runs in the apache/kafka image (Compose service `topic-init`, Kubernetes Job `tsf-create-topics`).
#
# KAFKA_BROKERS                 host:port,... (the same variable the apps read)
# TSF_TOPIC_POINTS / _DLQ / _SERIES_EVENTS   topic names (the apps' defaults if unset)
# TSF_POINTS_PARTITIONS         partitions of the points topic: the ceiling on busy ingestor replicas
# TSF_TOPIC_REPLICATION_FACTOR  replicas of every partition (3 = survives one broker down with min ISR 2)
# TSF_TOPIC_MIN_INSYNC_REPLICAS min.insync.replicas: writes with acks=all need this many replicas
# TSF_POINTS_RETENTION_MS       how long raw points stay replayable in Kafka (Postgres keeps them for good)
set -eu

: "${KAFKA_BROKERS:?KAFKA_BROKERS is required}"
points=${TSF_TOPIC_POINTS:-tsf.points}
dlq=${TSF_TOPIC_DLQ:-tsf.points.dlq}
events=${TSF_TOPIC_SERIES_EVENTS:-tsf.series-events}
replication=${TSF_TOPIC_REPLICATION_FACTOR:-3}
min_isr=${TSF_TOPIC_MIN_INSYNC_REPLICAS:-2}
kafka_topics=${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh

partition_count() {
  "$kafka_topics" --bootstrap-server "$KAFKA_BROKERS" --describe --topic "$1" |
    sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1
}

# ensure_topic NAME PARTITIONS [--config k=v ...]
ensure_topic() {
  name=$1 partitions=$2
  shift 2
  "$kafka_topics" --bootstrap-server "$KAFKA_BROKERS" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" --config "min.insync.replicas=$min_isr" "$@"
  current=$(partition_count "$name")
  if [ "$current" -lt "$partitions" ]; then
    # Kafka can add partitions, never remove them. New partitions re-map message keys: see docs/deploying.md, Scaling guide.
    echo "growing $name from $current to $partitions partitions"
    "$kafka_topics" --bootstrap-server "$KAFKA_BROKERS" --alter --topic "$name" --partitions "$partitions"
  fi
  echo "topic $name: $(partition_count "$name") partitions, replication $replication"
}

ensure_topic "$points" "${TSF_POINTS_PARTITIONS:-12}" --config "retention.ms=${TSF_POINTS_RETENTION_MS:-604800000}"
ensure_topic "$dlq" "${TSF_DLQ_PARTITIONS:-3}" --config retention.ms=2592000000
ensure_topic "$events" "${TSF_SERIES_EVENTS_PARTITIONS:-6}"
