#!/usr/bin/env bash
# Creates .venv (if missing) and installs the pinned requirements into it. Idempotent and quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements-$(cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages into .venv (first run takes a minute)..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  rm -f .venv/.requirements-* && touch "$stamp"
fi
