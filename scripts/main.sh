#!/usr/bin/env bash
# The main job, end to end on a fresh machine:
#   1. set up .venv/ (first run only);
#   2. redact the sample notes and show the result;
#   3. if there is no default model yet: generate the synthetic corpus (a test split of more
#      than 2,000 cases), train the cpu-quick model on all its training records, install it as
#      the default model, evaluate it as it ships beside full-strength baselines and on the
#      directional pairs, measure redaction on generated notes, and write its model card
#      (model_cards/ and the artefact);
#   4. make sure a reviewer API key exists (a new one is printed once);
#   5. serve it: the reviewer page's URL is printed; Ctrl-C stops the server.
# Set MAIN_NO_SERVE=1 to stop after step 4. Everything is offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 BENTOML_DO_NOT_TRACK=True
CLI=.venv/bin/referral-nlp
RUNS=runs/main
MODEL=.referral-nlp/models/default
PORT=${PORT:-3000}
mkdir -p "$RUNS"

echo "== 1. redaction of the sample notes"
$CLI redact --input samples/referral_notes.jsonl --output "$RUNS/sample_redacted.jsonl" \
  --show 3 --no-progress

if [ ! -f "$MODEL/manifest.json" ]; then
  echo "== 2. no default model yet: synthetic corpus, training, evaluation, card (13-20 min on 2 cores)"
  [ -f "$RUNS/synth/test.jsonl" ] || $CLI synth --n 28000 --seed 7 --out "$RUNS/synth" --no-progress
  rm -rf "$RUNS/train"
  $CLI train --profile cpu-quick --data-dir "$RUNS/synth" --output-dir "$RUNS/train" --no-progress
  # Verified, then renamed into place: a half-copied model never sits where predict and serve look.
  $CLI promote --model "$RUNS/train/model" --to "$MODEL"
  $CLI evaluate --data-dir "$RUNS/synth" --model "$MODEL" --predictions "$RUNS/train/predictions" \
    --pairs samples/directional_pairs.jsonl --out "$RUNS/eval" --no-progress > /dev/null
  head -n 500 "$RUNS/synth/test.jsonl" > "$RUNS/redaction_notes.jsonl"
  $CLI --log-level error redact-eval --data "$RUNS/redaction_notes.jsonl" --json "$RUNS/redaction.json" \
    --no-progress > /dev/null
  $CLI card --model "$MODEL" --eval "$RUNS/eval" --data-card "$RUNS/synth/data_card.md" \
    --redaction "$RUNS/redaction.json" --out model_cards
  sed -n '1,/^## escalation_12m/p' "$RUNS/eval/eval.md" | head -n 40
else
  echo "== 2. default model present: $MODEL (delete it to train again)"
fi

echo "== 3. API keys"
if [ -z "$($CLI keys list)" ]; then
  echo "No API key yet; a reviewer key (shown only now):"
  $CLI keys add --role reviewer --name reviewer-main
fi
echo "More keys: $CLI keys add --role reviewer|governance|admin [--name NAME]"

if [ "${MAIN_NO_SERVE:-0}" = "1" ]; then
  echo "== 4. serving skipped (MAIN_NO_SERVE=1); start it with: $CLI serve --port $PORT"
  exit 0
fi
echo "== 4. serving: open http://localhost:$PORT/ui and paste your key (Ctrl-C stops)"
exec $CLI serve --port "$PORT"
