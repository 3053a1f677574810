"""Load closed-case records from CSV, JSONL or Parquet into schema-named records or a DatasetDict.

Every file is read whole and validated (``referral_nlp.data.validation``) before anything is
returned, so a bad row fails the load before any work starts; loading writes nothing (the
datasets are built in memory, with no cache files). A council export with other column names
and codes loads through a :class:`~referral_nlp.data.mapping.ColumnMapping`.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referral_nlp.data.mapping import ColumnMapping
from referral_nlp.data.schema import FIELDS
from referral_nlp.data.splits import SPLITS
from referral_nlp.data.validation import DataValidationError, Problem, validate_rows
from referral_nlp.io import InputError, detect_format, read_records, unreadable

if TYPE_CHECKING:
    import datasets

logger = logging.getLogger(__name__)

PathLike = str | Path
MappingLike = ColumnMapping | PathLike | Mapping[str, Any] | None
SPLIT_NAMES: tuple[str, ...] = SPLITS


def _probability(value: Any) -> float:
    """A true risk from the generator: a number from 0 to 1 (CSV gives it as text)."""
    try:
        number = float(value) if isinstance(value, int | float | str) else math.nan
    except (ValueError, OverflowError):  # text that is no number; an int past float's range
        number = math.nan
    if isinstance(value, bool) or not 0.0 <= number <= 1.0:  # NaN fails the comparison too
        raise ValueError("not a probability (expected a number from 0 to 1)")
    return number


def _pii_spans(value: Any) -> list[dict[str, Any]]:
    """Labelled personal-data spans: a list of {start, end, label} (CSV gives it as JSON)."""
    expected = (
        'not a list of spans (expected [{"start": int, "end": int, "label": text}, ...] with '
        "0 <= start <= end, or that as JSON text)"
    )
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError(expected) from None
    if not isinstance(value, list):
        raise ValueError(expected)
    spans = []
    for span in value:
        if not isinstance(span, dict):
            raise ValueError(expected)
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        # type() rather than isinstance(): a bool is an int to Python but no offset
        if not (type(start) is int and type(end) is int and 0 <= start <= end):
            raise ValueError(expected)
        if not isinstance(label, str):
            raise ValueError(expected)
        spans.append({"start": start, "end": end, "label": label})
    return spans


#: Columns of the synthetic generator's output kept beside the schema by ``load_splits_dir``,
#: each with the check its values pass: a bad one is a validation problem naming the line,
#: never a traceback quoting the value from deep inside the dataset library.
SYNTH_EXTRA_CHECKS: dict[str, Callable[[Any], Any]] = {
    "oracle_re_referral": _probability,
    "oracle_escalation": _probability,
    "pii_spans": _pii_spans,
}
SYNTH_EXTRA_COLUMNS: tuple[str, ...] = tuple(SYNTH_EXTRA_CHECKS)


def case_features(extra: Mapping[str, Any] | None = None) -> datasets.Features:
    """Explicit ``datasets.Features`` for schema records (so ``None`` and lists type correctly).

    ``extra`` adds feature types for columns kept beside the schema; the synthetic generator's
    columns (:data:`SYNTH_EXTRA_COLUMNS`) have known types and need not be given.
    """
    from datasets import Features, List, Value

    kinds = {
        "id": Value("string"),
        "date": Value("string"),
        "text": Value("string"),
        "category": Value("string"),
        "int": Value("int64"),
        "bool": Value("bool"),
        "label": Value("int64"),
    }
    features: dict[str, Any] = {
        spec.name: List(Value("string")) if spec.kind == "multi_category" else kinds[spec.kind]
        for spec in FIELDS
    }
    known_extra = {
        "oracle_re_referral": Value("float64"),
        "oracle_escalation": Value("float64"),
        "pii_spans": List(
            {"start": Value("int64"), "end": Value("int64"), "label": Value("string")}
        ),
    }
    for name, feature in (extra or {}).items():
        feature = feature if feature is not None else known_extra.get(name)
        if feature is None:
            raise ValueError(
                f"extra column {name!r}: give its feature type in extra_features "
                f"(known without one: {sorted(known_extra)})."
            )
        features[name] = feature
    return Features(features)


def read_table(path: PathLike, fmt: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """``(columns, rows)`` of a JSONL, CSV or Parquet file, read whole, values as Python objects.

    CSV cells are read as text (blank = missing); Parquet keeps its types (dates, lists);
    a JSONL file's columns are the union of its records' keys, and its rows carry their line
    numbers (``rows.locations``, from ``referral_nlp.io.read_records``) where the reader has them.
    """
    path = Path(path)
    fmt = detect_format(path, fmt)
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    if fmt == "jsonl":
        rows = read_records(path, "jsonl")
        columns = list(dict.fromkeys(k for row in rows for k in row))
        return columns, rows
    try:
        if fmt == "csv":
            import pandas as pd

            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            return [str(c) for c in frame.columns], frame.to_dict(orient="records")
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        return list(table.column_names), table.to_pylist()
    except Exception as exc:  # the reader's message may quote a cell: keep only its kind
        raise unreadable(path, f"as {fmt}", exc) from None


def load_cases(
    path: PathLike,
    mapping: MappingLike = None,
    *,
    fmt: str | None = None,
    require_labels: bool = True,
    extra_columns: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Validated, schema-named records of one file (every row checked before returning).

    ``mapping`` is a :class:`ColumnMapping`, a mapping file, a dict or ``None`` (the file uses
    the schema's names). Raises :class:`~referral_nlp.data.validation.DataValidationError`
    (an ``InputError``) naming each bad row and field.
    """
    records, _ = _load_file(path, ColumnMapping.coerce(mapping), fmt, require_labels, extra_columns)
    return records


def _load_file(
    path: PathLike,
    mapping: ColumnMapping,
    fmt: str | None,
    require_labels: bool,
    extra_columns: Sequence[str],
) -> tuple[list[dict[str, Any]], list[str]]:
    """Validated records of one file and where each came from (``line 7``, ``row 3``)."""
    columns, rows = read_table(path, fmt)
    locations = getattr(rows, "locations", None) or [f"row {i}" for i in range(1, len(rows) + 1)]
    records = validate_rows(
        rows,
        mapping,
        source=str(path),
        locations=locations,
        columns=columns,
        require_labels=require_labels,
        extra_columns=[c for c in extra_columns if c in columns],
        extra_checks=SYNTH_EXTRA_CHECKS,
    )
    logger.info("%s: %d records loaded", path, len(records))
    return records, list(locations)


def records_to_dataset(
    records: Sequence[Mapping[str, Any]], extra: Mapping[str, Any] | None = None
) -> datasets.Dataset:
    """An in-memory ``datasets.Dataset`` with :func:`case_features` (no cache file written)."""
    from datasets import Dataset

    features = case_features(extra)
    rows = [{name: record.get(name) for name in features} for record in records]
    return Dataset.from_list(rows, features=features)


_Loaded = tuple[str, list[dict[str, Any]], list[str]]  # (file, records, locations)


def _check_unique_ids(loaded: Mapping[str, Sequence[_Loaded]]) -> None:
    """Ids are unique in the whole dataset, across files and splits."""
    seen: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for files in loaded.values():
        for source, records, locations in files:
            for row, (record, where) in enumerate(zip(records, locations, strict=True), start=1):
                first = seen.setdefault(record["id"], (source, where))
                if first[0] != source:  # duplicates within a file were caught by validation
                    message = (
                        f"duplicate id (also in {first[0]} at {first[1]}; "
                        "expected ids unique in the dataset)"
                    )
                    problems.append(Problem(source, row, "id", message, where))
    if problems:
        raise DataValidationError(problems)


def load_dataset(
    data_files: PathLike | Sequence[PathLike] | Mapping[str, PathLike | Sequence[PathLike]],
    mapping: MappingLike = None,
    *,
    fmt: str | None = None,
    require_labels: bool = True,
    split: str = "train",
    extra_columns: Sequence[str] = (),
    extra_features: Mapping[str, Any] | None = None,
) -> datasets.DatasetDict:
    """A ``DatasetDict`` from one file, several files (one split) or ``{split: file(s)}``.

    A single path or a list of paths makes the one split ``split``; a mapping names the splits.
    Every file is validated first and all problems of all files are reported together; ids must
    be unique across files. ``extra_columns`` are kept beside the schema (their feature types in
    ``extra_features``, or known for the synthetic generator's columns).
    """
    from datasets import DatasetDict

    mapping = ColumnMapping.coerce(mapping)
    if isinstance(data_files, Mapping):
        by_split = {
            name: [files] if isinstance(files, str | Path) else list(files)
            for name, files in data_files.items()
        }
    elif isinstance(data_files, str | Path):
        by_split = {split: [data_files]}
    else:
        by_split = {split: list(data_files)}

    problems: list[Problem] = []
    loaded: dict[str, list[_Loaded]] = {}
    for name, files in by_split.items():
        loaded[name] = []
        for path in files:
            try:
                records, where = _load_file(path, mapping, fmt, require_labels, extra_columns)
            except DataValidationError as exc:
                problems.extend(exc.problems)
                continue
            loaded[name].append((str(path), records, where))
    if problems:
        raise DataValidationError(problems)
    _check_unique_ids(loaded)

    present = {c for files in loaded.values() for _, recs, _ in files for r in recs for c in r}
    extra = {c: (extra_features or {}).get(c) for c in extra_columns if c in present}
    return DatasetDict(
        {
            name: records_to_dataset([r for _, recs, _ in files for r in recs], extra)
            for name, files in loaded.items()
        }
    )


def find_split_file(directory: PathLike, split: str) -> Path:
    """``DIR/<split>.jsonl`` (or ``.parquet``, ``.csv``); an InputError names what was sought."""
    directory = Path(directory)
    for suffix in ("jsonl", "parquet", "csv"):
        candidate = directory / f"{split}.{suffix}"
        if candidate.is_file():
            return candidate
    raise InputError(
        f"{directory}: no {split}.jsonl (or {split}.parquet / {split}.csv); expected the output "
        f"of `referral-nlp synth --out {directory}`."
    )


def load_splits_dir(
    directory: PathLike,
    mapping: MappingLike = None,
    *,
    require_labels: bool = True,
    splits: Sequence[str] = SPLIT_NAMES,
) -> datasets.DatasetDict:
    """``train``/``validation``/``test`` of a directory written by ``referral-nlp synth``.

    The generator's ``oracle_re_referral``, ``oracle_escalation`` and ``pii_spans`` columns are
    kept when present; everything is validated as in :func:`load_dataset`.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"{directory}: no such directory.")
    files = {name: find_split_file(directory, name) for name in splits}
    return load_dataset(
        files, mapping, require_labels=require_labels, extra_columns=SYNTH_EXTRA_COLUMNS
    )
