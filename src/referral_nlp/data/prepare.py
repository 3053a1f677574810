"""``referral-nlp prepare``: a council's data in, labelled and leakage-safe splits out.

Two inputs:

* an **SSD extract** (``--ssd DIR``: the Standard Safeguarding Dataset tables as CSV or
  Parquet) and the **case-note export** (``--text FILE``, joined through ``--text-mapping``):
  one record per closed CIN episode, labels derived from the event history
  (:mod:`referral_nlp.data.ssd`);
* today's **one-file export** (``--input FILE --mapping YAML``): records that already carry
  their labels, read through the column mapping.

Both are censored at the extract date (closures less than 365 days before it have no
observable outcome: they go to ``unlabelled.jsonl``, never to a split) and split by family and
time with the existing leakage checks (:mod:`referral_nlp.data.splits`). Everything is read,
checked and computed before the first file is written; each file is written atomically.

Writes ``OUT/train.jsonl``, ``OUT/validation.jsonl``, ``OUT/test.jsonl``,
``OUT/unlabelled.jsonl``, ``OUT/prepare_report.md``, ``OUT/prepare_report.json`` and
``OUT/data_card.md`` (the report, followed by the source's own ``data_card.md`` when the SSD
directory, or the one-file export's directory, holds one: that is how a card says whether the
data were synthetic).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_nlp.data.prepare_report import PrepareReport, label_rates, rates_by_closure_year
from referral_nlp.data.schema import FOLLOW_UP_DAYS, LABELS
from referral_nlp.data.splits import (
    DATA_CARD_NAME,
    SPLITS,
    check_no_leakage,
    check_time_order,
    split_by_family_and_time,
)
from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

UNLABELLED = "unlabelled"
REPORT_MD = "prepare_report.md"
REPORT_JSON = "prepare_report.json"
#: The prepared data's card: the report, then the source's own ``data_card.md`` if it has one
#: (``referral-nlp card`` finds it beside the training data).
TURNING_18_CHOICES = ("label", "exclude")
#: Why a record of a one-file export is left out, beside :data:`records.REASONS`.
EXPORT_REASONS: dict[str, str] = {
    "open": "closed after the extract date",
    "before_closures_from": "closed before --closures-from",
    "censored": "closed less than 365 days before the extract date (written to unlabelled)",
    "no_label": "old enough to be labelled, but the export has no label",
}


def _help(text: str, **extra: Any) -> dict[str, Any]:
    return {"help": text, **extra}


@dataclass
class PrepareSettings:
    """What ``prepare`` reads, how it censors and splits, and where it writes."""

    out: Path = field(metadata=_help("Output directory.", metavar="DIR"))
    ssd: Path | None = field(
        default=None,
        metadata=_help(
            "SSD extract: a directory of ssd_*.csv or ssd_*.parquet tables.", metavar="DIR"
        ),
    )
    text: Path | None = field(
        default=None,
        metadata=_help("Case-note export (CSV, JSONL or Parquet) for --ssd.", metavar="FILE"),
    )
    text_mapping: Path | None = field(
        default=None,
        metadata=_help(
            "YAML/JSON naming the text export's columns (default: referral_id, text).",
            metavar="FILE",
        ),
    )
    input: Path | None = field(
        default=None,
        metadata=_help("One-file export with labels (instead of --ssd).", metavar="FILE"),
    )
    mapping: Path | None = field(
        default=None,
        metadata=_help("Column mapping of the one-file export (YAML/JSON).", metavar="FILE"),
    )
    extract_date: str | None = field(
        default=None,
        metadata=_help(
            "Date the data was extracted, YYYY-MM-DD (default: the latest date in the data, "
            "with a warning).",
            metavar="DATE",
        ),
    )
    closures_from: str | None = field(
        default=None,
        metadata=_help("Leave out closures before this date, YYYY-MM-DD.", metavar="DATE"),
    )
    turning_18: str = field(
        default="label",
        metadata=_help(
            "Windows cut by the 18th birthday: 'label' reads the labels from the days before "
            "it (outcome_window_days < 365); 'exclude' leaves them out.",
            choices=TURNING_18_CHOICES,
        ),
    )
    drop_unmatched_text: bool = field(
        default=False,
        metadata=_help("Leave out notes whose key matches no episode (default: refuse)."),
    )
    test_fraction: float = field(
        default=0.2, metadata=_help("Share of kept records in test.", metavar="X")
    )
    validation_fraction: float = field(
        default=0.1, metadata=_help("Share of records in validation.", metavar="X")
    )
    seed: int = field(default=0, metadata=_help("Seed of the validation draw.", metavar="N"))
    no_progress: bool = field(default=False, metadata=_help("No progress bar."))

    def __post_init__(self) -> None:
        if (self.ssd is None) == (self.input is None):
            raise UserError("prepare: give --ssd DIR (with --text) or --input FILE, not both.")
        if self.ssd is not None and self.text is None:
            raise UserError(
                "--ssd needs --text: the SSD holds no case notes (expected the case-note "
                "export, joined by referral id or by person and date)."
            )
        if self.input is not None and (self.text is not None or self.text_mapping is not None):
            raise UserError("--text and --text-mapping go with --ssd; --input holds its text.")
        if self.ssd is None and self.drop_unmatched_text:
            raise UserError("--drop-unmatched-text goes with --ssd and --text.")
        if self.mapping is not None and self.input is None:
            raise UserError("--mapping goes with --input (the SSD has its own column names).")
        for name in ("extract_date", "closures_from"):
            value = getattr(self, name)
            if value is not None:
                try:
                    dt.date.fromisoformat(str(value))
                except ValueError:
                    raise UserError(f"--{name.replace('_', '-')}: expected YYYY-MM-DD.") from None
        fractions = (self.test_fraction, self.validation_fraction)
        if not all(0 <= f < 1 for f in fractions) or sum(fractions) >= 1:
            raise UserError(
                "--test-fraction and --validation-fraction: expected shares from 0 to 1 that "
                "leave some records for train (the defaults are 0.2 and 0.1)."
            )
        if self.turning_18 not in TURNING_18_CHOICES:
            raise UserError(f"--turning-18: expected one of {list(TURNING_18_CHOICES)}.")
        from referral_nlp.io import check_output_dir

        check_output_dir(self.out, files=prepared_files())  # before any work, not after
        self._refuse_writing_over_the_source()

    def _refuse_writing_over_the_source(self) -> None:
        """The extract is the user's only copy: ``--out`` must not replace any of it (the SSD
        folder's own ``data_card.md``, or an input file named ``train.jsonl``)."""
        out = Path(self.out).resolve()
        if self.ssd is not None and out == Path(self.ssd).resolve():
            raise UserError(
                f"--out {self.out}: that is the --ssd folder, and prepare would replace its "
                f"{DATA_CARD_NAME}; choose another output folder."
            )
        sources = {Path(p).resolve(): flag for flag, p in self._source_files() if p is not None}
        for name in prepared_files():
            flag = sources.get(out / name)
            if flag is not None:
                raise UserError(
                    f"--out {self.out}: prepare writes {name} there, which is the {flag} file; "
                    "choose another output folder."
                )

    def _source_files(self) -> list[tuple[str, Path | None]]:
        return [
            ("--input", self.input),
            ("--text", self.text),
            ("--mapping", self.mapping),
            ("--text-mapping", self.text_mapping),
        ]

    @property
    def extract_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.extract_date) if self.extract_date else None

    @property
    def closures_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.closures_from) if self.closures_from else None

    @classmethod
    def from_namespace(cls, args: argparse.Namespace) -> PrepareSettings:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in vars(args).items() if k in names})


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """One flag per :class:`PrepareSettings` field, with its help text."""
    for f in dataclasses.fields(PrepareSettings):
        kwargs = dict(f.metadata)
        flag = "--" + f.name.replace("_", "-")
        if f.type == "bool":
            kwargs["action"] = "store_true"
        elif "Path" in str(f.type):
            kwargs["type"] = Path
        elif f.type in ("float", "int"):
            kwargs["type"] = float if f.type == "float" else int
        if f.name == "out":
            kwargs["required"] = True
        else:
            kwargs["default"] = f.default
        parser.add_argument(flag, dest=f.name, **kwargs)
    return parser


@dataclass
class Prepared:
    """Splits, unlabelled records and the report: everything, before anything is written.

    ``labelled`` holds every labelled record, also those the family-and-time split left out;
    ``source_card`` the source's own data card, if it has one.
    """

    splits: dict[str, list[dict[str, Any]]]
    unlabelled: list[dict[str, Any]]
    report: PrepareReport
    labelled: list[dict[str, Any]] = field(default_factory=list)
    source_card: str | None = None

    def data_card(self) -> str:
        """The report as the prepared data's card, with the source's own card after it."""
        text = self.report.to_markdown().replace(
            "# Preparation report", "# Data card: records made by referral-nlp prepare", 1
        )
        if self.source_card:
            text += "\n## The source's own data card\n\n" + _demote(self.source_card)
        return text

    def summary(self) -> str:
        sizes = ", ".join(f"{name} {len(part)}" for name, part in self.splits.items())
        return (
            f"prepared {sizes}; {len(self.unlabelled)} unlabelled (censored) at extract date "
            f"{self.report.extract_date}; {sum(e['count'] for e in self.report.data_errors)} "
            "data error(s) counted"
        )


# ---- the two sources ----------------------------------------------------------------------
@dataclass
class _Built:
    labelled: list[dict[str, Any]]
    unlabelled: list[dict[str, Any]]
    excluded: dict[str, dict[str, Any]]
    steps: list[dict[str, Any]]
    source: dict[str, Any]
    extract_date: dt.date
    extract_source: str
    data_errors: list[dict[str, Any]]
    notes: list[str]


def _extract_date(settings: PrepareSettings, latest: dt.date | None) -> tuple[dt.date, str]:
    if settings.extract_day is not None:
        return settings.extract_day, "given"
    if latest is None:
        raise UserError("--extract-date: the data holds no dates to default to; give one.")
    if latest > dt.date.today():
        # A mistyped year would become the extract date and switch censoring off: every recent
        # closure would be labelled with outcomes nobody could have seen yet.
        raise UserError(
            "--extract-date: not given, and the latest event date in the data is after today, "
            "so it cannot be the day the extract was taken (a mistyped year?); give the date "
            "the extract was taken, and dates after it are counted as data errors."
        )
    logger.warning(
        "no --extract-date: using the latest date in the data, %s; give the date the extract "
        "was taken, or closures of its last year may be labelled too early",
        latest.isoformat(),
    )
    return latest, "latest date in the data (no --extract-date given)"


def _steps(total: tuple[str, int], removed: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Counts left after each step: ``total`` less what each step removed."""
    steps = [{"step": total[0], "count": total[1]}]
    left = total[1]
    for name, count in removed:
        left -= count
        steps.append({"step": name, "count": left})
    return steps


def _from_ssd(settings: PrepareSettings) -> _Built:
    from referral_nlp.data.ssd.history import build_histories
    from referral_nlp.data.ssd.reader import read_ssd
    from referral_nlp.data.ssd.records import REASONS, build_records
    from referral_nlp.data.ssd.text_export import TextMapping, join_text_export

    progress = not settings.no_progress
    mapping = TextMapping.from_file(settings.text_mapping)  # a bad mapping fails before reading
    assert settings.ssd is not None and settings.text is not None
    extract = read_ssd(settings.ssd, progress=progress)
    day, how = _extract_date(settings, extract.latest_date())
    histories = build_histories(extract, day)
    texts = join_text_export(
        settings.text, mapping, histories.episodes, drop_unmatched=settings.drop_unmatched_text
    )
    built = build_records(
        extract,
        histories,
        texts,
        closures_from=settings.closures_day,
        turning_18=settings.turning_18,
        progress=progress,
    )
    ex = built.excluded
    steps = _steps(
        ("episodes in ssd_cin_episodes", built.n_episodes),
        [
            (
                "valid and referred on or before the extract date",
                ex["after_extract"] + ex["invalid"],
            ),
            ("closed on or before the extract date", ex["open"]),
            ("closed on or after --closures-from", ex["before_closures_from"]),
            (
                "window not ended by death, transfer out or adoption",
                ex["died"] + ex["transferred_out"] + ex["adopted"],
            ),
            ("with a note in the text export", ex["no_text"]),
            ("window over by the extract date (labelled; the rest: unlabelled)", ex["censored"]),
            ("kept after --turning-18", ex["turned_18"]),
        ],
    )
    notes = [
        "Labels: re_referral_12m = a new CIN referral for the child within 365 days after "
        "closure; escalation_12m = a s47 enquiry, a CP plan or a period of care starting "
        "within 365 days after closure. Previous referrals and previous CP plans count only "
        "events before the referral.",
        f"{built.window_cut_by_18:,} labelled record(s) have a window cut by the 18th "
        "birthday: their labels are read from the days before it (outcome_window_days < 365).",
        "deprivation_decile is not in the SSD: it is unknown for every record.",
    ]
    if histories.children_without_family:
        notes.append(
            f"{histories.children_without_family:,} child(ren) have no ssd_family row: each "
            "is a family of one in the split."
        )
    if built.no_date_of_birth:
        notes.append(
            f"{built.no_date_of_birth:,} record(s) have no date of birth: child_age unknown "
            "and no 18th-birthday cut."
        )
    if built.referred_before_birth:
        notes.append(f"{built.referred_before_birth:,} referral(s) before birth: child_age 0.")
    for name, count in sorted(built.structured_unknown.items()):
        notes.append(f"{name} unknown in {count:,} record(s) (blank or unlisted code).")
    source = {
        "kind": "SSD extract",
        "tables": extract.row_counts(),
        "text_export": {
            "notes": texts.n_notes,
            "blank_notes": texts.n_blank,
            "unmatched_notes_dropped": texts.n_unmatched_dropped,
            "episodes_with_several_notes": texts.n_episodes_with_several,
            "duplicate_notes_dropped": texts.n_duplicate_notes,
        },
    }
    return _Built(
        built.labelled,
        built.unlabelled,
        {r: {"count": ex[r], "meaning": REASONS[r]} for r in REASONS if ex[r]},
        steps,
        source,
        day,
        how,
        histories.errors.as_list(),
        notes,
    )


def _from_export(settings: PrepareSettings) -> _Built:
    from referral_nlp.data.loaders import load_cases

    assert settings.input is not None
    records = load_cases(settings.input, settings.mapping, require_labels=False)
    latest = max(
        (dt.date.fromisoformat(r[k]) for r in records for k in ("referral_date", "closure_date")),
        default=None,
    )
    day, how = _extract_date(settings, latest)
    start = settings.closures_day
    excluded: Counter[str] = Counter()
    labelled, unlabelled = [], []
    for record in records:
        closure = dt.date.fromisoformat(record["closure_date"])
        if closure > day:
            excluded["open"] += 1
        elif start is not None and closure < start:
            excluded["before_closures_from"] += 1
        elif (day - closure).days < FOLLOW_UP_DAYS:
            excluded["censored"] += 1
            unlabelled.append({**record, **dict.fromkeys(LABELS)})
        elif any(record.get(label) is None for label in LABELS):
            excluded["no_label"] += 1
        else:
            labelled.append(record)
    steps = _steps(
        ("records in the export", len(records)),
        [
            ("closed on or before the extract date", excluded["open"]),
            ("closed on or after --closures-from", excluded["before_closures_from"]),
            ("window over by the extract date (the rest: unlabelled)", excluded["censored"]),
            ("labelled", excluded["no_label"]),
        ],
    )
    return _Built(
        labelled,
        unlabelled,
        {
            r: {"count": excluded[r], "meaning": EXPORT_REASONS[r]}
            for r in EXPORT_REASONS
            if excluded[r]
        },
        steps,
        {"kind": "one-file export", "rows": len(records)},
        day,
        how,
        [],
        [
            "Labels are the export's own; records closed less than 365 days before the extract "
            "date are not trusted with them and go to unlabelled."
        ],
    )


# ---- the whole preparation ----------------------------------------------------------------
def prepare(settings: PrepareSettings) -> Prepared:
    """Read, check, label, censor and split: everything except writing (see the module)."""
    built = _from_ssd(settings) if settings.ssd is not None else _from_export(settings)
    if not built.labelled:
        # Four empty splits would look like a result; this is nearly always the wrong note file,
        # mapping or extract date.
        reasons = ", ".join(f"{r} {e['count']:,}" for r, e in built.excluded.items()) or "none"
        raise UserError(
            f"nothing to prepare: no closure gives a labelled record (left out: {reasons}); "
            "check --text and its mapping (no_text: a closure with no note), --extract-date "
            "and --closures-from."
        )
    splits = split_by_family_and_time(
        built.labelled,
        test_fraction=settings.test_fraction,
        validation_fraction=settings.validation_fraction,
        seed=settings.seed,
    )
    check_no_leakage(splits)
    late = check_time_order(splits)
    in_splits = sum(len(part) for part in splits.values())
    steps = [*built.steps, {"step": "in train, validation or test", "count": in_splits}]
    rates = {
        "overall": label_rates(built.labelled),
        "by_split": {name: label_rates(part) for name, part in splits.items()},
        "by_closure_year": rates_by_closure_year(built.labelled),
    }
    report = PrepareReport(
        source=built.source,
        extract_date=built.extract_date.isoformat(),
        extract_date_source=built.extract_source,
        settings={
            "closures_from": settings.closures_from,
            "turning_18": settings.turning_18,
            "test_fraction": settings.test_fraction,
            "validation_fraction": settings.validation_fraction,
            "seed": settings.seed,
        },
        steps=steps,
        excluded=built.excluded,
        splits={name: len(part) for name, part in splits.items()},
        left_out_by_split=len(built.labelled) - in_splits,
        label_rates=rates,
        data_errors=built.data_errors,
        leakage_checks={
            "no family, child or id in two splits": "passed",
            "no train or validation closure after the test cut-off": f"passed ({late} late)",
        },
        notes=built.notes,
    )
    source_dir = settings.ssd if settings.ssd is not None else Path(str(settings.input)).parent
    source_card = source_dir / DATA_CARD_NAME
    return Prepared(
        {name: splits[name] for name in SPLITS},
        built.unlabelled,
        report,
        built.labelled,
        source_card.read_text(encoding="utf-8") if source_card.is_file() else None,
    )


def _demote(markdown: str) -> str:
    """Headings two levels deeper, so a card placed inside another keeps its outline."""
    lines = [f"##{line}" if line.startswith("#") else line for line in markdown.splitlines()]
    return "\n".join(lines).strip() + "\n"


def prepared_files() -> tuple[str, ...]:
    """The files ``prepare`` writes into its output folder."""
    return (*(f"{n}.jsonl" for n in (*SPLITS, UNLABELLED)), REPORT_JSON, REPORT_MD, DATA_CARD_NAME)


def write_prepared(prepared: Prepared, out: str | Path) -> dict[str, Path]:
    """Write the splits, ``unlabelled.jsonl`` and the report, all or nothing: a failure (a full
    disk) leaves the folder as it was, not new splits beside an old report."""
    from referral_nlp.io import atomic_writer, staged_outputs, write_json, write_records

    out = Path(out)
    written: dict[str, Path] = {}
    with staged_outputs(out, files=prepared_files()) as staging:
        for name, records in [*prepared.splits.items(), (UNLABELLED, prepared.unlabelled)]:
            write_records(staging / f"{name}.jsonl", records, "jsonl")
            written[name] = out / f"{name}.jsonl"
        write_json(staging / REPORT_JSON, prepared.report.to_dict())
        with atomic_writer(staging / REPORT_MD) as fh:
            fh.write(prepared.report.to_markdown())
        with atomic_writer(staging / DATA_CARD_NAME) as fh:
            fh.write(prepared.data_card())
    written["report_json"], written["report_md"] = out / REPORT_JSON, out / REPORT_MD
    written["data_card"] = out / DATA_CARD_NAME
    logger.info("wrote %s", ", ".join(str(p) for p in written.values()))
    return written
