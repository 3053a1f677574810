"""Two arms of the cpu-quick recipe that differ in one setting, trained on the same corpus,
redaction and seed, and compared on the test split and the directional pairs in one run.

``--compare arithmetic``: int8 against float32 sentence vectors (``--encoder-backend
onnx-int8``, the default, against ``onnx``), what int8 costs the model.
``--compare label-sharing``: the n-gram part offered its labels fitted together
(``--share-label-weights``, the default) against each label fitted alone
(``--no-share-label-weights``); baselines are not involved, each arm is a shipped model.
``--compare head-members``: the transformer part's mean of two note heads against three
(``--head-members``), what a third random start buys against its minute and a half.

For each seed, ``referral-nlp train --profile cpu-quick`` runs once per arm, and the two
models' test predictions are compared per label with the project's paired family-cluster
bootstrap (:func:`referral_nlp.evaluation.comparison.paired_difference`), for the shipped blend
and for its transformer and n-gram parts. Each model then orders the directional pairs of both
files (:func:`referral_nlp.modeling.directional.directional_accuracy`). Training reuses the
redaction and embedding caches, so a corpus the main job has seen costs the note heads'
training only (about 4 minutes a model on 2 cores); a model already in ``--work-dir`` is
reused (delete it to train again).

    python benchmarks/recipe_arms.py --compare label-sharing --seeds 13 14

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
#: Per comparison, each arm's name and its training flags: the first arm is the default.
ARMS: dict[str, tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]] = {
    "arithmetic": (
        ("int8", ("--encoder-backend", "onnx-int8")),
        ("float32", ("--encoder-backend", "onnx")),
    ),
    "label-sharing": (
        ("shared", ("--share-label-weights",)),
        ("own", ("--no-share-label-weights",)),
    ),
    "head-members": (
        ("two-heads", ("--head-members", "2")),
        ("three-heads", ("--head-members", "3")),
    ),
}
#: Columns of the trainer's predictions: the shipped blend and its parts.
PARTS = (("blend", "_logit"), ("transformer", "_transformer_logit"), ("ngram", "_ngram_logit"))
PAIRS_FILES = ("samples/directional_pairs.jsonl", "samples/directional_pairs_heldout.jsonl")


def _train(data_dir: Path, out: Path, flags: tuple[str, ...], seed: int) -> Path:
    model = out / "model"
    if (model / "manifest.json").is_file():
        return out
    command = [
        str(ROOT / ".venv" / "bin" / "referral-nlp"), "train", "--profile", "cpu-quick",
        "--data-dir", str(data_dir), "--output-dir", str(out), *flags,
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


def ordered_pairs(model_dir: Path, redactor: object) -> dict[tuple[str, str], str]:
    """``{(pairs file, label): "ordered/applicable"}`` for one model."""
    from referral_nlp.modeling.directional import (
        directional_accuracy,
        load_pairs,
        redacted_notes,
    )
    from referral_nlp.modeling.predict import RiskPredictor

    predictor = RiskPredictor(model_dir).load()
    out = {}
    for name in PAIRS_FILES:
        pairs = load_pairs(ROOT / name)
        notes = redacted_notes(pairs, redactor)
        for label in LABELS:
            result = directional_accuracy(predictor, pairs, label=label, notes=notes)
            out[(name, label)] = f"{result['n_correct']}/{result['n_pairs']}"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", choices=sorted(ARMS), default="arithmetic")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "runs" / "main" / "synth")
    parser.add_argument("--work-dir", type=Path, default=None, help="default runs/<compare>")
    parser.add_argument("--seeds", type=int, nargs="+", default=[13])
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--no-pairs", action="store_true", help="skip the directional pairs")
    args = parser.parse_args(argv)
    work_dir = args.work_dir or ROOT / "runs" / args.compare

    from referral_nlp.evaluation.comparison import paired_difference

    (first, first_flags), (second, second_flags) = ARMS[args.compare]
    families = _families(args.data_dir)
    pairs: list[str] = []
    redactor = None
    print(f"| seed | label | part | {first} | {second} | {first} − {second} [95% CI] |")
    print("|---:|---|---|---:|---:|---|")
    for seed in args.seeds:
        runs = {
            name: _train(args.data_dir, work_dir / f"{name}-seed{seed}", flags, seed)
            for name, flags in ((first, first_flags), (second, second_flags))
        }
        a, b = (_test_predictions(runs[name]) for name in (first, second))
        ids = sorted(a)
        if set(ids) != set(b):
            raise SystemExit("the two runs scored different test records; train them again.")
        clusters = [families[i] for i in ids]
        for label in LABELS:
            y = [a[i][label] for i in ids]
            for part, suffix in PARTS:
                key = label + suffix
                if key not in a[ids[0]] or key not in b[ids[0]]:
                    continue  # a model without that part (e.g. --no-ngram)
                d = paired_difference(
                    y, [a[i][key] for i in ids], [b[i][key] for i in ids],
                    clusters=clusters, n_boot=args.n_boot,
                )  # fmt: skip
                print(
                    f"| {seed} | {label} | {part} | {d['a']:.4f} | {d['b']:.4f} | "
                    f"{d['difference']:+.4f} [{d['low']:+.4f}, {d['high']:+.4f}] |"
                )
        if not args.no_pairs:
            if redactor is None:
                from referral_nlp.redaction import RedactionConfig, Redactor

                redactor = Redactor(RedactionConfig(n_process=1))
            ordered = {name: ordered_pairs(runs[name] / "model", redactor) for name in runs}
            for (file, label), count in ordered[first].items():
                other = ordered[second][(file, label)]
                pairs.append(f"| {seed} | {Path(file).name} | {label} | {count} | {other} |")
    if pairs:
        print(f"\nDirectional pairs ordered\n\n| seed | file | label | {first} | {second} |")
        print("|---:|---|---|---:|---:|")
        print("\n".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
