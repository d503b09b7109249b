#!/usr/bin/env bash
# Local infrastructure for development, tests and CI: Kafka (scripts/kafka.sh) and
# PostgreSQL (scripts/postgres.sh) on 127.0.0.1.
#
#   scripts/infra.sh up|down|status
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Runs "$@" with each output line prefixed by a tag; keeps the command's exit status.
tagged() {
  local tag="$1"
  shift
  "$@" 2>&1 | sed -u "s/^/[$tag] /"
  return "${PIPESTATUS[0]}"
}

cmd_up() {
  # Package installs first and one at a time (apt/dpkg locks); then both servers start concurrently.
  bash "$HERE/postgres.sh" install
  tagged kafka bash "$HERE/kafka.sh" up &
  local kafka_job=$!
  tagged postgres bash "$HERE/postgres.sh" up &
  local pg_job=$!
  local rc=0
  wait "$kafka_job" || rc=1
  wait "$pg_job" || rc=1
  ((rc == 0)) || { echo "infra: up failed" >&2; return 1; }
  echo "infra: up (kafka 127.0.0.1:${TAAWUN_KAFKA_PORT:-19092}, postgres 127.0.0.1:${TAAWUN_PG_PORT:-55432})"
}

cmd_down() {
  local rc=0
  bash "$HERE/kafka.sh" down || rc=1
  bash "$HERE/postgres.sh" down || rc=1
  return "$rc"
}

cmd_status() {
  local rc=0
  bash "$HERE/kafka.sh" status || rc=1
  bash "$HERE/postgres.sh" status || rc=1
  return "$rc"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
