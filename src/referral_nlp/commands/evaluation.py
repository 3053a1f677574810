"""``referral-nlp int8-check`` and ``evaluate``: how well a trained model scores, and how
closely its int8 encoder follows the float32 one."""

from __future__ import annotations

import argparse
from pathlib import Path

from referral_nlp import console
from referral_nlp.commands import options

__all__ = ["add_parsers"]


def cmd_int8_check(args: argparse.Namespace) -> int:
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.modeling.evaluate import redacted_split
    from referral_nlp.modeling.quantization import measure_int8_fidelity, write_int8_fidelity

    model_dir = resolve_model_dir(args.model)
    records = redacted_split(
        args.data_dir, model_dir, args.split, mapping=args.mapping, progress=not args.no_progress
    )
    report = measure_int8_fidelity(
        model_dir, records, description=f"{args.split} split of {args.data_dir.name}"
    )
    console.out(
        "| label | largest change | mean change | bands agree | flags agree | AUROC f32 -> int8 |"
    )
    console.out("|---|---:|---:|---:|---:|---|")
    for label, r in report["labels"].items():
        auc = (
            f"{r['auroc_float32']:.4f} -> {r['auroc_int8']:.4f}"
            if r["auroc_float32"] is not None and r["auroc_int8"] is not None
            else "n/a"
        )
        console.out(
            f"| {label} | {r['max_abs_diff']:.4f} | {r['mean_abs_diff']:.4f} | "
            f"{r['band_agreement']:.1%} | {r['flag_agreement']:.1%} | {auc} |"
        )
    verdict = "passed" if report["passed"] else "failed: " + "; ".join(report["failures"])
    console.out(f"int8 fidelity on {report['n_cases']} cases {verdict}")
    if not args.dry_run:
        path = write_int8_fidelity(model_dir, report)
        console.err(f"wrote {path} (the service serves int8 on a CPU only when it passed)")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from referral_nlp.evaluation.settings import EvaluationSettings
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.modeling.evaluate import evaluate_run, settings_from_file

    model_dir = None if args.no_model else resolve_model_dir(args.model)
    overrides = {"n_boot": args.n_boot, "seed": args.seed}
    if args.settings:
        settings = settings_from_file(args.settings, **overrides)
    else:
        settings = EvaluationSettings(**{k: v for k, v in overrides.items() if v is not None})
    report = evaluate_run(
        args.data_dir,
        model_dir,
        args.out,
        settings,
        predictions_dir=args.predictions,
        baselines=not args.no_baselines,
        limit_train=args.limit_train,
        frozen_baseline=not args.no_frozen_baseline,
        pairs=args.pairs,
        mapping=args.mapping,
        device=args.device,
        progress=not args.no_progress,
        plots=not args.no_plots,
    )
    console.out((args.out / "eval.md").read_text(encoding="utf-8").removesuffix("\n"))
    console.err(
        f"wrote {args.out / 'eval.json'}, {args.out / 'eval.md'}"
        f"{'' if args.no_plots else ' and plots'} ({len(report.flags)} flag(s))"
    )
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "int8-check",
        parents=[options.model(), options.split_dir(), options.mapping(), options.no_progress()],
        help="Check that the int8 CPU encoder scores like the float32 model; store the result.",
        description="Scores one split (redacted as in training) with the float32 and the int8 "
        "encoder and reports, per label, the largest and mean change in the calibrated "
        "probability, band and flag agreement and AUROC of both; writes int8_fidelity.json "
        "into the artefact (manifest updated). The service serves int8 on a CPU only when "
        "this check passed.",
    )
    p.add_argument("--split", default="test", help="Split to compare on (default test).")
    p.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
    p.set_defaults(func=cmd_int8_check)

    p = sub.add_parser(
        "evaluate",
        parents=[
            options.split_dir(),
            options.model(),
            options.mapping(),
            options.torch_device(),
            options.no_progress(),
        ],
        help="Evaluate a model beside the baselines (and the generator's oracle) on test.",
        description="Scores the model exactly as it ships (its own calibration and operating "
        "points), its transformer part alone, and baselines fitted on all training records "
        "with C chosen on validation (structured fields only; TF-IDF 1-3 grams + structured, "
        "the model's own n-gram part where it was fitted on the same records, so the model "
        "without its transformer; frozen-encoder sentence vectors + structured), "
        "and the oracle when the data has one. Reports AUROC, AP, Brier and ECE with "
        "bootstrap intervals, precision/recall at the operating points, per-group results, "
        "and a paired family-bootstrap difference between the model and the strongest "
        "baseline with a plain verdict. Writes OUT/eval.json, OUT/eval.md and OUT/plots/*.png "
        "(without --no-plots), all or nothing.",
    )
    p.add_argument("--out", required=True, type=Path, help="Report directory.")
    p.add_argument("--settings", type=Path, help="Evaluation settings file (JSON or YAML).")
    p.add_argument(
        "--predictions",
        type=Path,
        help="The predictions/ folder of the run that trained --model: read the model's "
        "validation and test scores from it instead of scoring again (its model_version.json "
        "must name --model's version).",
    )
    p.add_argument(
        "--limit-train",
        type=int,
        help="Baselines train on a seeded subset of this many training records (quick checks "
        "only; default: all of them, as a fair comparison needs).",
    )
    p.add_argument(
        "--pairs",
        type=Path,
        help="Directional pairs (JSONL, e.g. samples/directional_pairs.jsonl): report how often "
        "the model orders them right and names the differing sentence in its explanation.",
    )
    p.add_argument(
        "--no-frozen-baseline",
        action="store_true",
        help="Skip the frozen-encoder baseline (it encodes every sentence the cache lacks).",
    )
    p.add_argument("--n-boot", type=int, help="Bootstrap resamples (default 1000).")
    p.add_argument("--seed", type=int, help="Bootstrap and baseline seed.")
    p.add_argument("--no-baselines", action="store_true", help="Skip the baselines.")
    p.add_argument("--no-model", action="store_true", help="Baselines (and oracle) only.")
    p.add_argument("--no-plots", action="store_true", help="eval.json and eval.md only.")
    p.set_defaults(func=cmd_evaluate)
