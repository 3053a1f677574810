"""``referral-nlp data-check``, ``synth`` and ``prepare``: the records a model is trained on."""

from __future__ import annotations

import argparse
from pathlib import Path

from referral_nlp import console
from referral_nlp.commands import options

__all__ = ["add_parsers"]


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
    console.out(markdown.removesuffix("\n"))
    console.err(f"checked {len(records)} records in {args.input}: no problems found")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    from referral_nlp.data.prepare import PrepareSettings, prepare, write_prepared

    # Everything is read, checked, labelled and split before the first file is written.
    settings = PrepareSettings.from_namespace(args)
    prepared = prepare(settings)
    write_prepared(prepared, settings.out)
    console.err(f"{prepared.summary()} -> {settings.out}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from referral_nlp.data.synthetic import SynthConfig, generate_corpus, write_corpus

    # The config checks every setting before any work; all metrics are computed before the
    # first file is written, and each file is written atomically.
    config = SynthConfig(
        n=args.n,
        seed=args.seed,
        start_year=args.start_year,
        end_year=args.end_year,
        recording_bias_group=args.recording_bias_group,
        recording_bias_rate=args.recording_bias_rate,
    )
    corpus = generate_corpus(config, progress=not args.no_progress)
    if args.format == "ssd":  # the SSD tables and the case-note export, beside the splits
        from referral_nlp.data.synthetic.ssd_writer import write_ssd

        export = write_ssd(corpus, args.out, progress=not args.no_progress)
        console.err(export.summary())
    written = write_corpus(
        corpus, args.out, parquet=args.format == "parquet", text_model=not args.no_text_model
    )
    sizes = ", ".join(f"{name} {len(part)}" for name, part in corpus.splits.items())
    console.err(
        f"wrote {len(corpus.records)} synthetic records ({sizes}) and "
        f"{written['data_card'].name} to {args.out} in {corpus.seconds:.1f}s of generation"
    )
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from referral_nlp.data.prepare import add_arguments as add_prepare_arguments

    p = sub.add_parser(
        "data-check",
        parents=[options.records_input(), options.mapping()],
        help="Validate a case export and print its data-quality summary (Markdown).",
        description="Reads the whole file, validates every row against the case schema "
        "(through a column mapping for an export with its own names and codes) and prints "
        "counts, missingness, label rates by group and text lengths. Problems are listed with "
        "file, row and field, never the value; exit status 2.",
    )
    p.add_argument(
        "--no-labels", action="store_true", help="Labels may be missing (unlabelled cases)."
    )
    p.add_argument("--output", type=Path, help="Also write the summary (Markdown) here.")
    p.set_defaults(func=cmd_data_check)

    p = sub.add_parser(
        "synth",
        parents=[options.no_progress()],
        help="Generate the synthetic referral corpus (splits, labelled PII, data card).",
        description="Writes OUT/train.jsonl, OUT/validation.jsonl, OUT/test.jsonl and "
        "OUT/data_card.md: closed cases from families simulated over a multi-year timeline, "
        "with notes whose personal data is recorded in pii_spans, labels read off the "
        "timeline and the generator's true probabilities (oracle_re_referral, "
        "oracle_escalation). Deterministic for a seed. All records are synthetic.",
    )
    p.add_argument("--n", type=int, default=10_000, help="Number of records (default 10000).")
    p.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
    p.add_argument("--out", required=True, type=Path, help="Output directory.")
    p.add_argument("--start-year", type=int, default=2017, help="First year of closures.")
    p.add_argument("--end-year", type=int, default=2024, help="End of the observation window.")
    p.add_argument(
        "--format",
        choices=["jsonl", "parquet", "ssd"],
        default="jsonl",
        help="parquet: also write train/validation/test.parquet beside the JSONL files; ssd: "
        "also write the history as SSD tables (OUT/ssd/) and a case-note export "
        "(OUT/case_notes.csv) for `referral-nlp prepare`.",
    )
    p.add_argument(
        "--recording-bias-group",
        metavar="FIELD=VALUE",
        help="Over-record the labels of this group, e.g. ethnicity=black (off by default).",
    )
    p.add_argument(
        "--recording-bias-rate",
        type=float,
        default=0.0,
        help="Chance a closed case of the group gets an unwarranted re-referral (0 to 1).",
    )
    p.add_argument(
        "--no-text-model", action="store_true", help="Leave the TF-IDF baseline out of the card."
    )
    p.set_defaults(func=cmd_synth)

    # prepare's flags come from its settings dataclass (one flag per field, with its help).
    p = sub.add_parser(
        "prepare",
        help="Make train/validation/test from SSD tables and a case-note export (or a "
        "one-file export): labelled, censored, split by family and time; with a report.",
        description="Reads an SSD extract (--ssd DIR of ssd_*.csv/.parquet tables) and the "
        "case-note export (--text), or a one-file export (--input, --mapping); derives one "
        "record per closed CIN episode with its labels, leaves closures less than 365 days "
        "before the extract date out of the splits (OUT/unlabelled.jsonl), splits by family "
        "and time, and writes OUT/{train,validation,test,unlabelled}.jsonl, "
        "OUT/prepare_report.{md,json} and OUT/data_card.md. Bad input is refused before "
        "anything is written.",
    )
    add_prepare_arguments(p)
    p.set_defaults(func=cmd_prepare)
