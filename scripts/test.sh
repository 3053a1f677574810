#!/usr/bin/env bash
# Set up .venv/ if needed, then run the fast, offline test suite (slow/GPU tests are skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest "$@"
