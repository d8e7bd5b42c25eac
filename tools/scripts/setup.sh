#!/usr/bin/env bash
# Makes this machine ready to run tsf: Debian packages, Postgres running, npm packages, the Prisma client,
# the Kafka mock launcher. Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
# docker-compose only validates deploy/compose in tests (no engine needed); without its recommends it pulls no Docker engine.
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v chromium >/dev/null || missing+=(chromium)
command -v kcat >/dev/null || missing+=(kcat)
# kubectl's built-in kustomize renders deploy/k8s in tests (no cluster needed).
kubectl kustomize --help >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PGURL="${TSF_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
if [[ "$PGURL" == *127.0.0.1* || "$PGURL" == *localhost* ]] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  say "starting PostgreSQL $version"
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
    # A fresh Debian cluster wants passwords on TCP; the local development cluster trusts loopback.
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm install --no-audit --no-fund --loglevel=error
fi

if [ ! -f libs/db/src/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt libs/db/src/generated/prisma/client.ts ]; then
  say "generating the Prisma client"
  PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx --no-install prisma generate >/dev/null
fi

bash tools/kafka-mock/build.sh
