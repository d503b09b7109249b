#!/usr/bin/env bash
# Creates .venv with the locked packages and the project installed in it. Safe to rerun:
# it does nothing when the lock file has not changed since the last install.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

python_bin="${TAAWUN_PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python_bin="$candidate"; break
    fi
  done
fi
[ -n "$python_bin" ] || { echo "setup: Python 3.11 is required" >&2; exit 1; }

stamp=".venv/.taawun-installed"
wanted="$(cat requirements-dev.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -x .venv/bin/taawun ]; then
  exit 0
fi

echo "setup: creating .venv and installing the locked packages"
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.lock
.venv/bin/python -m pip install --quiet --no-deps -e .
echo "$wanted" > "$stamp"
echo "setup: done"
