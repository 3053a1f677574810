#!/usr/bin/env bash
# The main job: set up .venv/ if needed, then redact the sample notes and show the result.
# (Later stages, training and serving, join here as they are built.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p runs
.venv/bin/referral-nlp redact --input samples/referral_notes.jsonl \
  --output runs/sample_redacted.jsonl --show 10
