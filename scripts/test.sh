#!/usr/bin/env bash
# The whole test suite: installs packages, fetches and starts Kafka and PostgreSQL, runs lint,
# types and pytest against them, and stops the servers it started. Extra arguments go to pytest.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh

# Each server is stopped afterwards only if this run started it: a broker or a database that
# was already serving (another checkout's, a developer's) is used and left running.
started=()
for server in kafka postgres; do
  bash "scripts/$server.sh" status >/dev/null 2>&1 || started+=("$server")
done
if [ "${#started[@]}" -gt 0 ]; then bash scripts/infra.sh up; fi
cleanup() {
  [ -z "${TAAWUN_KEEP_INFRA:-}" ] || return 0
  for server in "${started[@]}"; do bash "scripts/$server.sh" down || true; done
}
trap cleanup EXIT

echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy shared services taawun tests
echo "== pytest"
export TAAWUN_TEST_INFRA=1
.venv/bin/pytest -q -p no:cacheprovider "$@"
