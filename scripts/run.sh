#!/usr/bin/env bash
# The one command to try the product: set up, migrate, seed the demo workspace, start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
.venv/bin/python -m assistant db upgrade
# The demo workspace is for the embedded SQLite default (or when asked for explicitly).
if [ -z "${DATABASE_URL:-}" ] || [ "${ASSISTANT_DEMO:-0}" = "1" ]; then
  .venv/bin/python -m assistant demo seed
fi
echo "Open http://${HOST:-127.0.0.1}:${PORT:-8501} in your browser."
# app.py wraps streamlit_app.py with the routes that set the session cookie (a refresh stays signed in).
exec .venv/bin/python -m streamlit run app.py \
  --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}"
