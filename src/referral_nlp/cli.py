"""The ``referral-nlp`` command line.

Each subcommand is a thin shell over the library: it parses flags, calls one function and
reports. Errors a user can fix are printed as one line (no stack trace) with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger("referral_nlp")


# ---- redact --------------------------------------------------------------------------------
def _redaction_config(args: argparse.Namespace):
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


def _add_redaction_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="Redaction config file (YAML or JSON).")
    p.add_argument("--operator", choices=["placeholder", "pseudonym", "mask"])
    p.add_argument("--spacy-model", help="Installed spaCy model name or directory.")
    p.add_argument("--n-process", type=int, help="spaCy worker processes.")
    p.add_argument("--batch-size", type=int, help="Notes per nlp.pipe batch.")


def cmd_redact(args: argparse.Namespace) -> int:
    from referral_nlp.io import detect_format, read_records, require_fields, write_records
    from referral_nlp.redaction import Redactor

    # Check the output name and read and check every record before any work, so a bad line or
    # an unknown output extension fails at once and leaves nothing behind.
    out_format = detect_format(args.output, args.output_format)
    records = read_records(args.input, args.format)
    pairs = require_fields(
        records, args.input, text_field=args.text_column, id_field=args.id_column
    )
    redactor = Redactor(_redaction_config(args))
    results = redactor.redact_many(
        [text for _, text in pairs], progress=not args.no_progress, total=len(pairs)
    )
    out = [{"id": rid, **res.to_dict()} for (rid, _), res in zip(pairs, results, strict=True)]
    try:
        write_records(args.output, out, out_format)
    except OSError as exc:
        raise ValueError(f"{args.output}: cannot write the output ({exc.strerror}).") from None
    n_entities = sum(len(r["entities"]) for r in out)
    print(f"redacted {len(out)} notes ({n_entities} spans) -> {args.output}", file=sys.stderr)
    if args.show:
        for record in out[: args.show]:
            print(f"--- {record['id']}\n{record['redacted_text']}")
    return 0


# ---- redact-eval ---------------------------------------------------------------------------
def cmd_redact_eval(args: argparse.Namespace) -> int:
    from referral_nlp.evaluation.redaction_comparison import compare_on_files

    types = [t.strip() for t in args.types.split(",")] if args.types else None
    report = compare_on_files(
        args.data,
        config=_redaction_config(args),
        types=types,
        limit=args.limit,
        baseline=not args.no_baseline,
        progress=not args.no_progress,
    )
    print(report.table())
    if args.json:
        from referral_nlp.io import atomic_writer

        with atomic_writer(args.json) as fh:
            json.dump(report.as_dict(), fh, indent=2)
    return 0


# ---- data-check ----------------------------------------------------------------------------
def cmd_data_check(args: argparse.Namespace) -> int:
    from referral_nlp.data import data_quality_summary, load_cases
    from referral_nlp.io import atomic_writer

    # Every row is validated before the summary; a bad file writes nothing.
    records = load_cases(
        args.input, args.mapping, fmt=args.format, require_labels=not args.no_labels
    )
    markdown = data_quality_summary(records).to_markdown(f"Data quality: {args.input.name}")
    if args.output:
        with atomic_writer(args.output) as fh:
            fh.write(markdown)
    print(markdown, end="")
    print(f"checked {len(records)} records in {args.input}: no problems found", file=sys.stderr)
    return 0


# ---- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="referral-nlp",
        description="Redact, model and serve children's social care referral notes.",
    )
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING, ERROR.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "redact",
        help="Redact personal data from a file of notes.",
        description="Each input record has an id and a text; each output record has id, "
        "redacted_text and entities ({start, end, entity_type, score}, offsets into the "
        "original text, end exclusive).",
    )
    p.add_argument("--input", required=True, type=Path, help="JSONL, CSV or Parquet file.")
    p.add_argument("--output", required=True, type=Path, help="JSONL, CSV or Parquet file.")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="Input format.")
    p.add_argument("--output-format", choices=["jsonl", "csv", "parquet"])
    p.add_argument("--text-column", default="text", help="Field holding the note text.")
    p.add_argument("--id-column", default="id", help="Field holding the record id.")
    p.add_argument("--show", type=int, default=0, metavar="N", help="Print the first N results.")
    p.add_argument("--no-progress", action="store_true", help="No progress bar.")
    _add_redaction_flags(p)
    p.set_defaults(func=cmd_redact)

    p = sub.add_parser(
        "redact-eval",
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
    p.add_argument("--no-progress", action="store_true")
    _add_redaction_flags(p)
    p.set_defaults(func=cmd_redact_eval)

    p = sub.add_parser(
        "data-check",
        help="Validate a case export and print its data-quality summary (Markdown).",
        description="Reads the whole file, validates every row against the case schema "
        "(through a column mapping for an export with its own names and codes) and prints "
        "counts, missingness, label rates by group and text lengths. Problems are listed with "
        "file, row and field, never the value; exit status 2.",
    )
    p.add_argument("--input", required=True, type=Path, help="JSONL, CSV or Parquet file.")
    p.add_argument("--mapping", type=Path, help="Column-mapping file (YAML or JSON).")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="Input format.")
    p.add_argument(
        "--no-labels", action="store_true", help="Labels may be missing (unlabelled cases)."
    )
    p.add_argument("--output", type=Path, help="Also write the summary (Markdown) here.")
    p.set_defaults(func=cmd_data_check)
    return parser


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors a user can fix (one line, exit 2). The redaction ones are looked up only when the
    command imported the redaction stage: importing Presidio and spaCy takes seconds that
    other subcommands need not pay."""
    from referral_nlp.io import InputError

    errors: tuple[type[BaseException], ...] = (InputError, ValueError, TypeError)
    if "referral_nlp.redaction" in sys.modules:
        from referral_nlp.redaction import RedactionError, RedactorLoadError

        errors += (RedactorLoadError, RedactionError)
    return errors


def main(argv: Sequence[str] | None = None) -> int:
    from referral_nlp.offline import default_hf_offline

    default_hf_offline()
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except Exception as exc:
        if not isinstance(exc, _user_errors()):
            raise
        print(f"referral-nlp {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
