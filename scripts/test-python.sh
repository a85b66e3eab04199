#!/usr/bin/env bash
# The Azure ML side's Python tests, on Debian's pandas/numpy/pytest (no PyPI here). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import pandas, numpy, pytest, yaml' 2>/dev/null; then
  echo "pytest needs Debian's python3-pandas python3-numpy python3-pytest python3-yaml: run bash scripts/setup.sh" >&2
  exit 1
fi
folders=()
for folder in pipeline inference; do [[ -d $folder ]] && folders+=("$folder"); done
exec "$PYTHON" -m pytest -q -p no:cacheprovider "$@" "${folders[@]}"
