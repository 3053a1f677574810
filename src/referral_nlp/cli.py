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
    p.add_argument(
        "--batch-size",
        type=int,
        help="Notes per nlp.pipe batch (with --engine ray also the notes per Ray task).",
    )


def cmd_redact(args: argparse.Namespace) -> int:
    from referral_nlp.batch.commands import EngineOptions, redact_on_ray
    from referral_nlp.io import detect_format, read_records, require_fields, write_records
    from referral_nlp.redaction import Redactor

    if EngineOptions.from_args(args).engine == "ray":
        return redact_on_ray(args, _redaction_config(args))

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


# ---- prepare -------------------------------------------------------------------------------
def cmd_prepare(args: argparse.Namespace) -> int:
    from referral_nlp.data.prepare import PrepareSettings, prepare, write_prepared

    # Everything is read, checked, labelled and split before the first file is written.
    settings = PrepareSettings.from_namespace(args)
    prepared = prepare(settings)
    write_prepared(prepared, settings.out)
    print(f"{prepared.summary()} -> {settings.out}", file=sys.stderr)
    return 0


# ---- synth ---------------------------------------------------------------------------------
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
        print(export.summary(), file=sys.stderr)
    written = write_corpus(
        corpus, args.out, parquet=args.format == "parquet", text_model=not args.no_text_model
    )
    sizes = ", ".join(f"{name} {len(part)}" for name, part in corpus.splits.items())
    print(
        f"wrote {len(corpus.records)} synthetic records ({sizes}) and "
        f"{written['data_card'].name} to {args.out} in {corpus.seconds:.1f}s of generation",
        file=sys.stderr,
    )
    return 0


# ---- evaluate ------------------------------------------------------------------------------
def cmd_evaluate(args: argparse.Namespace) -> int:
    from referral_nlp.evaluation.report import EvaluationSettings
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
    print((args.out / "eval.md").read_text(encoding="utf-8"), end="")
    print(
        f"wrote {args.out / 'eval.json'}, {args.out / 'eval.md'} and plots "
        f"({len(report.flags)} flag(s))",
        file=sys.stderr,
    )
    return 0


# ---- int8-check ----------------------------------------------------------------------------
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
    print(
        "| label | largest change | mean change | bands agree | flags agree | AUROC f32 -> int8 |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for label, r in report["labels"].items():
        auc = (
            f"{r['auroc_float32']:.4f} -> {r['auroc_int8']:.4f}"
            if r["auroc_float32"] is not None and r["auroc_int8"] is not None
            else "n/a"
        )
        print(
            f"| {label} | {r['max_abs_diff']:.4f} | {r['mean_abs_diff']:.4f} | "
            f"{r['band_agreement']:.1%} | {r['flag_agreement']:.1%} | {auc} |"
        )
    verdict = "passed" if report["passed"] else "failed: " + "; ".join(report["failures"])
    print(f"int8 fidelity on {report['n_cases']} cases {verdict}")
    if not args.dry_run:
        path = write_int8_fidelity(model_dir, report)
        print(
            f"wrote {path} (the service serves int8 on a CPU only when it passed)", file=sys.stderr
        )
    return 0


# ---- predict -------------------------------------------------------------------------------
def cmd_predict(args: argparse.Namespace) -> int:
    from referral_nlp.batch.commands import EngineOptions, predict_on_ray
    from referral_nlp.io import InputError, detect_format, write_records
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.modeling.scoring import CaseScorer, read_cases

    if EngineOptions.from_args(args).engine == "ray":
        return predict_on_ray(args, resolve_model_dir(args.model))
    if args.batch_size is not None:
        raise ValueError("--batch-size applies to --engine ray.")

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
        raise ValueError(f"{args.output}: cannot write the output ({exc.strerror}).") from None
    print(
        f"scored {len(results)} cases with model {scorer.model_version} -> {args.output}",
        file=sys.stderr,
    )
    return 0


# ---- train ---------------------------------------------------------------------------------
def cmd_train(args: argparse.Namespace) -> int:
    from referral_nlp.modeling.training import TrainingConfig, train

    if str(args.log_level).upper() == "WARNING":  # the default: training progress is worth INFO
        logging.getLogger("referral_nlp").setLevel(logging.INFO)
    config = TrainingConfig.from_namespace(args)  # profile < --config file < flags, all checked
    result = train(config)
    print(result.summary())
    return 0


# ---- card ----------------------------------------------------------------------------------
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
        print(f"referral-nlp card: {exc}", file=sys.stderr)
        return 2
    pending = paths.report.pending
    if pending:
        names = ", ".join(issue.field.removeprefix("atrs.") for issue in pending)
        print(
            f"{len(pending)} ATRS field(s) are marked for the deploying organisation to "
            f"complete (--deployer FILE; --strict to require them): {names}",
            file=sys.stderr,
        )
    print(
        f"wrote {paths.markdown} and {paths.html}, and stored both in {model_dir} "
        "(manifest updated)",
        file=sys.stderr,
    )
    return 0


# ---- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from referral_nlp.batch.commands import add_engine_flags

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
    add_engine_flags(p, batch_size_help=None)
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

    p = sub.add_parser(
        "synth",
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
    p.add_argument("--no-progress", action="store_true", help="No progress bar.")
    p.set_defaults(func=cmd_synth)

    from referral_nlp.data.prepare import add_arguments as add_prepare_arguments

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

    p = sub.add_parser(
        "int8-check",
        help="Check that the int8 CPU encoder scores like the float32 model; store the result.",
        description="Scores one split (redacted as in training) with the float32 and the int8 "
        "encoder and reports, per label, the largest and mean change in the calibrated "
        "probability, band and flag agreement and AUROC of both; writes int8_fidelity.json "
        "into the artefact (manifest updated). The service serves int8 on a CPU only when "
        "this check passed.",
    )
    p.add_argument("--model", type=Path, help="Model artefact (default: the default model).")
    p.add_argument("--data-dir", required=True, type=Path, help="Folder with the split files.")
    p.add_argument("--split", default="test", help="Split to compare on (default test).")
    p.add_argument("--mapping", type=Path, help="Column-mapping file (YAML or JSON).")
    p.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
    p.add_argument("--no-progress", action="store_true", help="No progress bar.")
    p.set_defaults(func=cmd_int8_check)

    p = sub.add_parser(
        "evaluate",
        help="Evaluate a model beside the baselines (and the generator's oracle) on test.",
        description="Scores the model exactly as it ships (its own calibration and operating "
        "points), its transformer part alone, and baselines fitted on all training records "
        "with C chosen on validation (structured fields only; TF-IDF 1-3 grams + structured, "
        "the model without its transformer; frozen-encoder sentence vectors + structured), "
        "and the oracle when the data has one. Reports AUROC, AP, Brier and ECE with "
        "bootstrap intervals, precision/recall at the operating points, per-group results, "
        "and a paired family-bootstrap difference between the model and the strongest "
        "baseline with a plain verdict. Writes OUT/eval.json, OUT/eval.md and OUT/plots/*.png.",
    )
    p.add_argument("--data-dir", required=True, type=Path, help="train/validation/test files.")
    p.add_argument("--model", type=Path, help="Model directory (default: the default model).")
    p.add_argument("--out", required=True, type=Path, help="Report directory.")
    p.add_argument("--mapping", type=Path, help="Column-mapping file (YAML or JSON).")
    p.add_argument("--settings", type=Path, help="Evaluation settings file (JSON or YAML).")
    p.add_argument(
        "--predictions",
        type=Path,
        help="The training run's predictions/ folder: read the model's validation and test "
        "scores from it instead of scoring again.",
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
    p.add_argument("--device", default="cpu", help="Device for the model (cpu, cuda).")
    p.add_argument("--no-baselines", action="store_true", help="Skip the baselines.")
    p.add_argument("--no-model", action="store_true", help="Baselines (and oracle) only.")
    p.add_argument("--no-plots", action="store_true", help="eval.json and eval.md only.")
    p.add_argument("--no-progress", action="store_true", help="No progress bars.")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "predict",
        help="Score cases: calibrated re-referral and escalation probabilities with a band.",
        description="Each input line has id, text and any structured fields by their schema "
        "names (missing or unknown values are treated as unknown, never an error). The text "
        "is redacted first. Each output line has id, re_referral and escalation, each "
        "{probability, band}, and model_version. Without --model the default model is used "
        "($REFERRAL_NLP_MODEL_DIR, else .referral-nlp/models/default).",
    )
    p.add_argument("--model", type=Path, help="Model directory (default: the default model).")
    p.add_argument("--input", required=True, type=Path, help="JSONL (or CSV/Parquet) of cases.")
    p.add_argument("--output", required=True, type=Path, help="JSONL file of results.")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="Input format.")
    p.add_argument("--device", default="cpu", help="Device for the model (cpu, cuda).")
    p.add_argument("--no-progress", action="store_true", help="No progress bar.")
    add_engine_flags(p, batch_size_help="Cases per Ray task (--engine ray; default: automatic).")
    p.set_defaults(func=cmd_predict)

    from referral_nlp.modeling.training import add_arguments

    p = sub.add_parser(
        "train",
        help="Train the risk model on redacted text (profiles cpu-quick, gpu, multi-gpu).",
        description="Loads train/validation/test from --data-dir, refuses leaking or one-class "
        "splits, redacts the text (cached), trains, calibrates on validation and writes "
        "OUTPUT_DIR/model (the artefact) and OUTPUT_DIR/predictions. Values merge as profile < "
        "--config file < flags. Multi-GPU: see training/README.md.",
    )
    add_arguments(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "card",
        help="Generate the model card (Markdown + HTML) from the artefact and its evaluation.",
        description="Builds the model card from the artefact (manifest, config, training run, "
        "operating points, calibration) and eval.json with its plots, plus the optional data "
        "card, redaction scores and the deploying organisation's ATRS fields; validates it "
        "(exit 2 listing every missing field or placeholder) and writes OUT/model_card.md and "
        "OUT/model_card.html, and a copy of both inside the artefact (its manifest updated).",
    )
    p.add_argument("--model", type=Path, help="Model directory (default: the default model).")
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

    from referral_nlp.serving.commands import add_parsers as add_serving_parsers

    add_serving_parsers(sub)
    from referral_nlp.storage.commands import add_parsers as add_storage_parsers

    add_storage_parsers(sub)
    return parser


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors a user can fix (one line, exit 2). The redaction errors live in a light module
    (importing it does not load Presidio or spaCy)."""
    from referral_nlp.io import InputError
    from referral_nlp.redaction.errors import RedactionError, RedactorLoadError

    return (InputError, ValueError, TypeError, RedactorLoadError, RedactionError)


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
