#!/usr/bin/env bash
# Sets everything up, then starts the dashboard on the sample data (or on $BVDATA_TRACKER).
#   --as-officer "NAME"   try My actions as that lead officer (the local demo only: refused with sign-in
#                         or a database named), e.g. --as-officer "Clair Hepburn"
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --as-officer) export BVDATA_AS_OFFICER="${2:?--as-officer needs a name}"; shift 2 ;;
        --as-officer=*) export BVDATA_AS_OFFICER="${1#--as-officer=}"; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py "${args[@]+"${args[@]}"}"
