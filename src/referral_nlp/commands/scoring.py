"""``referral-nlp predict``: calibrated risk scores for a file of cases; ``promote``: install
a trained model as the default one that ``predict`` and ``serve`` use."""

from __future__ import annotations

import argparse
from pathlib import Path

from referral_nlp import console
from referral_nlp.commands import options
from referral_nlp.errors import UserError

__all__ = ["add_parsers"]


def cmd_predict(args: argparse.Namespace) -> int:
    from referral_nlp.commands.engine import EngineOptions, predict_on_ray
    from referral_nlp.io import InputError, detect_format, write_records
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.modeling.scoring import CaseScorer, read_cases

    if EngineOptions.from_args(args).engine == "ray":
        return predict_on_ray(args, resolve_model_dir(args.model))
    if args.batch_size is not None:
        raise UserError("--batch-size applies to --engine ray.")

    # Everything that can fail cheaply fails before redaction or model loading, and the output
    # is written atomically at the end: a failed run leaves no output file.
    if detect_format(args.output) != "jsonl":
        raise InputError(f"{args.output}: expected a .jsonl output file.")
    model_dir = resolve_model_dir(args.model)
    cases = read_cases(args.input, args.format)
    scorer = CaseScorer(model_dir, device=args.device).load()
    results = scorer.score(cases, progress=not args.no_progress)
    try:
        write_records(args.output, results, "jsonl")
    except OSError as exc:
        raise UserError(f"{args.output}: cannot write the output ({exc.strerror}).") from None
    console.err(f"scored {len(results)} cases with model {scorer.model_version} -> {args.output}")
    return 0


def cmd_promote(args: argparse.Namespace) -> int:
    from referral_nlp.modeling.default_model import PREVIOUS_SUFFIX, default_model_dir, promote

    target = args.to if args.to is not None else default_model_dir()
    version, replaced = promote(args.model, target=target)
    kept = f"; the model it replaced ({replaced}) is kept as {target}{PREVIOUS_SUFFIX}"
    console.err(f"promoted model {version} to {target}" + (kept if replaced else ""))
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "promote",
        help="Install a trained model as the default model (verified, never half-copied).",
        description="Verify the artefact's manifest, copy it beside the default model, verify "
        "the copy, move the default model aside and rename the copy into its place, keeping "
        "the model it replaces as DEFAULT.previous (promote that to go back). A folder that "
        "holds something other than a model is refused, never replaced. The default model is "
        "$REFERRAL_NLP_MODEL_DIR, else .referral-nlp/models/default; a running server keeps "
        "the model it loaded until it is restarted.",
    )
    p.add_argument("--model", required=True, type=Path, help="A training run's model/ folder.")
    p.add_argument("--to", type=Path, help="Install here instead of the default model's folder.")
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser(
        "predict",
        parents=[
            options.model(),
            options.records_input(),
            options.torch_device(),
            options.no_progress(),
            options.engine(),
        ],
        help="Score cases: calibrated re-referral and escalation probabilities with a band.",
        description="Each input line has id, text and any structured fields by their schema "
        "names (missing or unknown values are treated as unknown, never an error). The text "
        "is redacted first. Each output line has id, re_referral and escalation, each "
        "{probability, band}, and model_version. Without --model the default model is used "
        "($REFERRAL_NLP_MODEL_DIR, else .referral-nlp/models/default).",
    )
    p.add_argument("--output", required=True, type=Path, help="JSONL file of results.")
    p.add_argument(
        "--batch-size", type=int, help="Cases per Ray task (--engine ray; default: automatic)."
    )
    p.set_defaults(func=cmd_predict)
