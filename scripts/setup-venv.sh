#!/usr/bin/env bash
# Create .venv and install the pinned requirements file given as $1 (re-installs only when it changed).
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
# Python 3.11 (what the pins are tested with): PYTHON, else python3.11, else python3 if it is 3.11.
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if command -v python3.11 >/dev/null 2>&1; then python=python3.11; else python=python3; fi
fi
if ! command -v "$python" >/dev/null 2>&1; then
  echo "error: $python not found. Install Python 3.11 (Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv)" >&2
  exit 1
fi
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$version" != "3.11" ]; then
  echo "error: $python is Python $version; this project needs Python 3.11." >&2
  echo "Install it (Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv) or set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "error: $python cannot create a virtual environment (the venv module or ensurepip is missing)." >&2
    echo "Install it: sudo apt-get install python3.11-venv" >&2
    exit 1
  fi
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
digest="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$digest" > "$stamp"
fi
