#!/usr/bin/env bash
# Creates .venv with the locked packages and the project installed in it, node_modules with the
# dashboard's locked npm packages, and installs Debian's chromium for the dashboard's browser
# test. Safe to rerun: each step does nothing when its lock has not changed since it last ran.
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

# Root installs Debian packages itself; anyone else only with password-less sudo.
apt_install() {
  local apt=(apt-get)
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then apt=(sudo -n apt-get); else return 1; fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${apt[@]}" install -y -qq "$@" >/dev/null 2>&1 \
    || { "${apt[@]}" update -qq >/dev/null && "${apt[@]}" install -y -qq "$@" >/dev/null; }
}

# The Python packages (.venv), when the lock or pyproject.toml changed.
install_python() {
  local stamp=".venv/.taawun-installed" wanted
  wanted="$(cat requirements-dev.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -x .venv/bin/taawun ]; then
    return 0
  fi
  echo "setup: creating .venv and installing the locked packages"
  [ -x .venv/bin/python ] || "$python_bin" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements-dev.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$wanted" > "$stamp"
}

# The dashboard's Chart.js, locked in package-lock.json, into ./node_modules (reporting serves
# it from there), when the lock changed.
install_node_modules() {
  local stamp="node_modules/.taawun-installed" wanted
  wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
    && [ -f node_modules/chart.js/dist/chart.umd.min.js ]; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    echo "setup: installing Debian's npm (the dashboard's chart library comes from npm)"
    apt_install nodejs npm || { echo "setup: npm is required and could not be installed" >&2; exit 1; }
  fi
  echo "setup: installing the dashboard's locked npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > "$stamp"
}

# The browser the dashboard's Playwright test drives (Playwright's own download is not used).
install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "setup: installing Debian's chromium for the dashboard's browser test"
  apt_install chromium fonts-dejavu-core \
    || echo "setup: could not install chromium; tests/e2e/test_dashboard.py will be skipped" >&2
}

install_python
install_node_modules
install_chromium
