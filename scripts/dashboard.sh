#!/usr/bin/env bash
# Sets everything up, then starts the dashboard on the sample data (or on $BVDATA_TRACKER).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py "$@"
