"""What int8 sentence vectors cost the model: the cpu-quick recipe trained on float32 and on int8
vectors, same corpus, redaction and seed, compared on the test split in one run.

For each seed, ``referral-nlp train --profile cpu-quick`` runs twice, with
``--encoder-backend onnx`` (float32) and ``--encoder-backend onnx-int8`` (the default), and the
two models' test predictions are compared per label with the project's paired family-cluster
bootstrap (:func:`referral_nlp.evaluation.comparison.paired_difference`), for the shipped blend
and for the transformer part alone. Training reuses the redaction and embedding caches, so a
corpus the main job has seen costs the note heads' training only (about 4 minutes a model on
2 cores); a model already in ``--work-dir`` is reused (delete it to train again).

    python benchmarks/encoder_arithmetic.py --data-dir runs/main/synth --seeds 13 14

What int8 buys in time is measured by ``benchmarks/serving.py`` (the service against the naive
server) and by the training log's ``sentence vectors`` line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("re_referral_12m", "escalation_12m")
#: The training flag's value for each arithmetic compared.
ARITHMETIC = {"float32": "onnx", "int8": "onnx-int8"}


def _train(data_dir: Path, out: Path, backend: str, seed: int) -> Path:
    model = out / "model"
    if (model / "manifest.json").is_file():
        return out
    command = [
        str(ROOT / ".venv" / "bin" / "referral-nlp"), "train", "--profile", "cpu-quick",
        "--data-dir", str(data_dir), "--output-dir", str(out), "--encoder-backend", backend,
        "--seed", str(seed), "--no-progress",
    ]  # fmt: skip
    print(f"training {out.name} ...", file=sys.stderr, flush=True)
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return out


def _test_predictions(run: Path) -> dict[str, dict]:
    path = run / "predictions" / "test.jsonl"
    with path.open(encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f)}


def _families(data_dir: Path) -> dict[str, str]:
    with (data_dir / "test.jsonl").open(encoding="utf-8") as f:
        return {r["id"]: r.get("family_id") or r["id"] for r in map(json.loads, f)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "runs" / "main" / "synth")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "runs" / "encoder-arithmetic")
    parser.add_argument("--seeds", type=int, nargs="+", default=[13])
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args(argv)

    from referral_nlp.evaluation.comparison import paired_difference

    families = _families(args.data_dir)
    print("| seed | label | part | int8 | float32 | int8 − float32 [95% CI] |")
    print("|---:|---|---|---:|---:|---|")
    for seed in args.seeds:
        runs = {
            name: _train(args.data_dir, args.work_dir / f"{name}-seed{seed}", backend, seed)
            for name, backend in ARITHMETIC.items()
        }
        int8, full = (_test_predictions(runs[name]) for name in ("int8", "float32"))
        ids = sorted(int8)
        if set(ids) != set(full):
            raise SystemExit("the two runs scored different test records; train them again.")
        clusters = [families[i] for i in ids]
        for label in LABELS:
            y = [int8[i][label] for i in ids]
            for part, suffix in (("blend", "_logit"), ("transformer", "_transformer_logit")):
                key = label + suffix
                d = paired_difference(
                    y, [int8[i][key] for i in ids], [full[i][key] for i in ids],
                    clusters=clusters, n_boot=args.n_boot,
                )  # fmt: skip
                print(
                    f"| {seed} | {label} | {part} | {d['a']:.4f} | {d['b']:.4f} | "
                    f"{d['difference']:+.4f} [{d['low']:+.4f}, {d['high']:+.4f}] |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
