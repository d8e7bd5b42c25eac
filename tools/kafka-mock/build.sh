#!/usr/bin/env bash
# Builds tools/kafka-mock/bin/kafka-mock from launcher.c (only when the source is newer).
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$dir/launcher.c"
out="$dir/bin/kafka-mock"

if [[ -x "$out" && "$out" -nt "$src" ]]; then
  exit 0
fi

if ! command -v gcc >/dev/null || [[ ! -f /usr/include/librdkafka/rdkafka_mock.h ]]; then
  echo "kafka-mock: gcc and librdkafka headers are required: apt-get install -y librdkafka-dev gcc" >&2
  exit 1
fi

mkdir -p "$dir/bin"
# Build to a temp file and rename, so a concurrent or failed build never leaves a half-written binary.
tmp="$(mktemp "$dir/bin/.kafka-mock.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
gcc -std=gnu11 -O2 -Wall -Wextra -o "$tmp" "$src" -lrdkafka
chmod 755 "$tmp"
mv "$tmp" "$out"
echo "kafka-mock: built $out" >&2
