#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser tests drive Debian's Chromium; install it when we are allowed to (root, apt).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests..."
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) >/dev/null 2>&1 \
    || echo "Could not install Chromium; the browser tests will be skipped." >&2
fi
# The deployment test runs two app processes behind Debian's nginx; install it when we are allowed to.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx gettext-base) >/dev/null 2>&1 \
    || echo "Could not install nginx; the deployment test will be skipped." >&2
fi
# The report's PDF is the .docx converted by LibreOffice; its test reads the PDF back with pdftotext.
if { ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing LibreOffice (Writer, no GUI) and poppler-utils for the PDF report..."
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils) >/dev/null 2>&1 \
    || echo "Could not install LibreOffice; the PDF tests will be skipped." >&2
fi
# The accessibility tests inject axe-core from the npm registry into each page.
if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --silent || echo "Could not install axe-core; the accessibility test will fail." >&2
fi
# The store tests run against a real PostgreSQL too; start one when we are allowed to.
if [ -z "${BVDATA_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ]; then
  if url=$(bash scripts/postgres.sh 2>/dev/null | tail -n 1) && [ -n "$url" ]; then
    export BVDATA_TEST_POSTGRES_URL="$url"
  else
    echo "Could not start PostgreSQL; the PostgreSQL store tests will be skipped." >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
