#!/usr/bin/env bash
# Starts the whole set on loopback: two Streamlit processes (A and B) sharing one PostgreSQL store,
# and nginx in front of them. Stop it with: kill $(cat "$RUN_DIR"/*.pid)
#
#   BVDATA_DATABASE_URL=postgresql://user:pass@host/db bash deploy/start.sh [PORT]
#
# PORT (default 8600) is where people connect; A and B listen on PORT+1 and PORT+2.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BVDATA_DATABASE_URL:?set BVDATA_DATABASE_URL to the PostgreSQL store}"
PORT=${1:-8600}
PORT_A=$((PORT + 1))
PORT_B=$((PORT + 2))
RUN_DIR=${RUN_DIR:-$PWD/deploy/run}
mkdir -p "$RUN_DIR"
chmod 755 "$RUN_DIR"        # nginx's workers (not root) write their upload buffers here
bash scripts/setup.sh
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 1; }
export BVDATA_DATABASE_URL
for node in A B; do
  port=$([ "$node" = A ] && echo "$PORT_A" || echo "$PORT_B")
  .venv/bin/python -m streamlit run dashboard.py --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true >"$RUN_DIR/streamlit-$node.log" 2>&1 &
  echo $! >"$RUN_DIR/streamlit-$node.pid"
done
export PORT PORT_A PORT_B RUN_DIR
envsubst '${PORT} ${PORT_A} ${PORT_B} ${RUN_DIR}' <deploy/nginx.conf.template >"$RUN_DIR/nginx.conf"
"$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
for port in "$PORT_A" "$PORT_B" "$PORT"; do
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1 && break
    sleep 1
  done
done
echo "Best Value tracker on http://127.0.0.1:$PORT (processes on $PORT_A and $PORT_B; logs in $RUN_DIR)"
