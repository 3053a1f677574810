"""``referral-nlp card``: the model card (Markdown + HTML) from the artefact and its evaluation."""

from __future__ import annotations

import argparse
from pathlib import Path

from referral_nlp import console
from referral_nlp.commands import options

__all__ = ["add_parsers"]


def cmd_card(args: argparse.Namespace) -> int:
    from referral_nlp.cards import CardValidationError, write_card
    from referral_nlp.modeling.default_model import resolve_model_dir

    model_dir = resolve_model_dir(args.model)
    try:
        paths = write_card(
            model_dir,
            args.eval,
            args.out,
            data_card=args.data_card,
            redaction_json=args.redaction,
            deployer=args.deployer,
            strict=args.strict,
        )
    except CardValidationError as exc:  # every issue listed, nothing written
        console.err(f"referral-nlp card: {exc}")
        return 2
    pending = paths.report.pending
    if pending:
        names = ", ".join(issue.field.removeprefix("atrs.") for issue in pending)
        console.err(
            f"{len(pending)} ATRS field(s) are marked for the deploying organisation to "
            f"complete (--deployer FILE; --strict to require them): {names}"
        )
    console.err(
        f"wrote {paths.markdown} and {paths.html}, and stored both in {model_dir} "
        "(manifest updated)"
    )
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "card",
        parents=[options.model()],
        help="Generate the model card (Markdown + HTML) from the artefact and its evaluation.",
        description="Builds the model card from the artefact (manifest, config, training run, "
        "operating points, calibration) and eval.json with its plots, plus the optional data "
        "card, redaction scores and the deploying organisation's ATRS fields; validates it "
        "(exit 2 listing every missing field or placeholder) and writes OUT/model_card.md and "
        "OUT/model_card.html, and a copy of both inside the artefact (its manifest updated).",
    )
    p.add_argument("--eval", required=True, type=Path, help="Directory with eval.json (or it).")
    p.add_argument("--data-card", type=Path, help="The corpus's data_card.md.")
    p.add_argument("--redaction", type=Path, help="Scores from `redact-eval --json FILE`.")
    p.add_argument("--deployer", type=Path, help="YAML with the deploying council's ATRS fields.")
    p.add_argument("--out", type=Path, default=Path("model_cards"), help="Output directory.")
    p.add_argument(
        "--strict",
        action="store_true",
        help="Fail while any ATRS field for the deploying organisation is incomplete.",
    )
    p.set_defaults(func=cmd_card)
