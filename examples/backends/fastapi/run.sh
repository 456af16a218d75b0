#!/usr/bin/env bash
# The FastAPI backend on $PORT (see ../common.sh). The first run makes .venv here with FastAPI and uvicorn; the
# Python binding is the repository's (bindings/python/src), or the installed `ydrz` package in a project of yours.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
venv="$backend_dir/.venv"
if [[ ! -x "$venv/bin/uvicorn" ]] || ! cmp -s "$backend_dir/requirements.txt" "$venv/requirements.txt"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$backend_dir/requirements.txt" >&2
    cp "$backend_dir/requirements.txt" "$venv/requirements.txt"
fi
cd "$backend_dir"
export PYTHONPATH="$repo/bindings/python/src${PYTHONPATH:+:$PYTHONPATH}"
exec "$venv/bin/uvicorn" app:app --host "$HOST" --port "$PORT" --no-server-header
