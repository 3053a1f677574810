"""``referral-nlp redact`` and ``redact-eval``: redact a file of notes; score the redaction."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from referral_nlp import console
from referral_nlp.commands import options
from referral_nlp.errors import UserError
from referral_nlp.io import FORMATS

__all__ = ["add_parsers"]


def redaction_config(args: argparse.Namespace):
    """The redaction config: the ``--config`` file (or the defaults) under the flags."""
    from referral_nlp.redaction import RedactionConfig

    config = RedactionConfig.from_file(args.config) if args.config else RedactionConfig()
    overrides = {
        k: v
        for k, v in {
            "operator": args.operator,
            "spacy_model": args.spacy_model,
            "n_process": args.n_process,
            "batch_size": args.batch_size,
        }.items()
        if v is not None
    }
    if overrides:
        config = RedactionConfig.from_dict({**config.to_dict(), **overrides})
    return config


def cmd_redact(args: argparse.Namespace) -> int:
    from referral_nlp.commands.engine import EngineOptions, redact_on_ray
    from referral_nlp.io import detect_format, read_records, require_fields, write_records
    from referral_nlp.redaction import Redactor

    if EngineOptions.from_args(args).engine == "ray":
        return redact_on_ray(args, redaction_config(args))

    # Check the output name and read and check every record before any work, so a bad line or
    # an unknown output extension fails at once and leaves nothing behind.
    out_format = detect_format(args.output, args.output_format)
    records = read_records(args.input, args.format)
    pairs = require_fields(
        records, args.input, text_field=args.text_column, id_field=args.id_column
    )
    redactor = Redactor(redaction_config(args))
    results = redactor.redact_many(
        [text for _, text in pairs], progress=not args.no_progress, total=len(pairs)
    )
    out = [{"id": rid, **res.to_dict()} for (rid, _), res in zip(pairs, results, strict=True)]
    try:
        if out_format == "parquet":
            from referral_nlp.batch.output import write_part

            # The Ray job's part schema: entities stay a list of structs, as in JSON lines.
            write_part(Path(args.output), out, "parquet", "redact")
        else:
            write_records(args.output, out, out_format)
    except OSError as exc:
        raise UserError(f"{args.output}: cannot write the output ({exc.strerror}).") from None
    n_entities = sum(len(r["entities"]) for r in out)
    console.err(f"redacted {len(out)} notes ({n_entities} spans) -> {args.output}")
    if args.show:
        for record in out[: args.show]:
            console.out(f"--- {record['id']}\n{record['redacted_text']}")
    return 0


def cmd_redact_eval(args: argparse.Namespace) -> int:
    from referral_nlp.evaluation.redaction_comparison import compare_on_files

    types = [t.strip() for t in args.types.split(",")] if args.types else None
    report = compare_on_files(
        args.data,
        config=redaction_config(args),
        types=types,
        limit=args.limit,
        baseline=not args.no_baseline,
        progress=not args.no_progress,
    )
    console.out(report.table())
    if args.json:
        from referral_nlp.io import atomic_writer

        with atomic_writer(args.json) as fh:
            json.dump(report.as_dict(), fh, indent=2)
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "redact",
        parents=[
            options.records_input(),
            options.no_progress(),
            options.redaction(with_engine=True),
            options.engine(),
        ],
        help="Redact personal data from a file of notes.",
        description="Each input record has an id and a text; each output record has id, "
        "redacted_text and entities ({start, end, entity_type, score}, offsets into the "
        "original text, end exclusive).",
    )
    p.add_argument("--output", required=True, type=Path, help="JSONL, CSV or Parquet file.")
    p.add_argument("--output-format", choices=list(FORMATS))
    p.add_argument("--text-column", default="text", help="Field holding the note text.")
    p.add_argument("--id-column", default="id", help="Field holding the record id.")
    p.add_argument("--show", type=int, default=0, metavar="N", help="Print the first N results.")
    p.set_defaults(func=cmd_redact)

    p = sub.add_parser(
        "redact-eval",
        parents=[options.no_progress(), options.redaction()],
        help="Score redaction against labelled data, ours and stock Presidio side by side.",
    )
    p.add_argument(
        "--data",
        required=True,
        nargs="+",
        help="Labelled data: presidio-research JSON, a TAB directory, or JSONL with pii_spans.",
    )
    p.add_argument("--types", help="Comma-separated gold labels that count towards recall.")
    p.add_argument("--limit", type=int, help="Score only the first N documents of each set.")
    p.add_argument("--no-baseline", action="store_true", help="Skip stock Presidio.")
    p.add_argument("--json", type=Path, help="Also write the scores as JSON here.")
    p.set_defaults(func=cmd_redact_eval)
