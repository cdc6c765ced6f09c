#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.7-3.10 only), or explain and fail.
set -euo pipefail
candidates=("${PYTHON310:-}" "$(command -v python3.10 || true)")
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10* /root/.pyenv/versions/3.10*; do
  candidates+=("$dir/bin/python")
done
for py in "${candidates[@]}"; do
  if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$py"
    exit 0
  fi
done
echo "error: Rasa 3.6 needs Python 3.10, and none was found." >&2
echo "       Install it (e.g. 'pyenv install 3.10.13') or point PYTHON310 at it: make PYTHON310=/path/to/python3.10 run" >&2
exit 1
