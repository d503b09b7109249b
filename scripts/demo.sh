#!/usr/bin/env bash
# The demo: installs what it needs, then runs all three services in one process on SQLite with
# the in-process transport. Extra arguments go to `taawun demo` (e.g. --port-base 9001).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh
exec .venv/bin/taawun demo "$@"
