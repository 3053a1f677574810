#!/usr/bin/env bash
# Create (or update) the project's virtual environment at .venv/ and install the project into it.
# Idempotent: a second run only checks that everything is present.
#
# Torch: on a CPU-only machine we install the CPU wheel first (TORCH_SPEC, default torch==2.13.0),
# because an unpinned `torch` pulls several GB of CUDA packages. Users who already have their own
# CUDA build of torch in the environment, or who want one, set TORCH_SPEC="" to skip the pin.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
TORCH_SPEC=${TORCH_SPEC-torch==2.13.0}

if [ ! -x "$VENV/bin/python" ]; then
  echo "[setup] creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"

stamp="$VENV/.referral-nlp-installed"
want="$(cat pyproject.toml | sha256sum | cut -c1-16)-${TORCH_SPEC}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "[setup] $VENV is up to date"
  exit 0
fi

"$PY" -m pip install --quiet --upgrade pip
if [ -n "$TORCH_SPEC" ] && ! "$PY" -c "import torch" >/dev/null 2>&1; then
  echo "[setup] installing $TORCH_SPEC"
  "$PY" -m pip install --quiet "$TORCH_SPEC"
fi
echo "[setup] installing referral-nlp and its dependencies"
"$PY" -m pip install --quiet -e ".[dev]"
echo "$want" > "$stamp"
echo "[setup] done: $VENV"
