"""Read and check an SSD extract: a directory of CSV or Parquet files named as the SSD names them.

Everything is read and checked before anything is built, and every problem of every table is
reported at once as a :class:`~referral_nlp.data.validation.DataValidationError`:

* a required table or column that is missing;
* dates that do not parse (counted per table and column, with the first rows);
* blank ids and dates where a row cannot do without one;
* duplicate referral ids;
* a person in ``ssd_cin_episodes`` who is absent from ``ssd_person``.

Messages name the file, the column and data rows (counted from 1, the header not counted) and
give counts, never a value: an SSD extract holds names, dates of birth and identifiers.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_nlp.data.ssd.tables import TABLE_SUFFIXES, TABLES, TableSpec
from referral_nlp.data.validation import DataValidationError, Problem, parse_date
from referral_nlp.io import InputError, unreadable

logger = logging.getLogger(__name__)

#: Rows named in one message; the rest are counted.
ROWS_SHOWN = 5


class TableProblem(Problem):
    """A problem in one table or column: ``file: rows 3, 9: column: what (expected ...)``."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.source}: {where}{self.field}: {self.message}"


def row_list(rows: Sequence[int], shown: int = ROWS_SHOWN) -> str:
    """``row 4`` / ``rows 4, 9, 12 (and 30 more)``: where, never what."""
    head = ", ".join(str(r) for r in rows[:shown])
    more = f" (and {len(rows) - shown} more)" if len(rows) > shown else ""
    return f"{'row' if len(rows) == 1 else 'rows'} {head}{more}"


@dataclass
class Table:
    """The columns of one table that are read: text cells (stripped, blank = ``None``) and
    date cells as day ordinals (``datetime.date.toordinal``)."""

    spec: TableSpec
    path: Path
    n_rows: int
    text: dict[str, list[str | None]]
    dates: dict[str, list[int | None]]

    def has(self, column: str) -> bool:
        return column in self.text or column in self.dates

    def col(self, column: str) -> list[Any]:
        """A column's cells, or all ``None`` when the (optional) column is absent."""
        if column in self.dates:
            return self.dates[column]
        return self.text.get(column) or [None] * self.n_rows

    def rows(self, *columns: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Each row's number and its cells in ``columns``, in file order.

        Rows count from 1, the first data row, as every data error names them; one place for
        that count, so that no reader numbers its rows its own way.
        """
        return enumerate(zip(*(self.col(c) for c in columns), strict=True), start=1)


@dataclass
class SSDExtract:
    """The tables of one extract that ``prepare`` reads (optional tables may be absent)."""

    directory: Path
    tables: dict[str, Table]

    def get(self, name: str) -> Table | None:
        return self.tables.get(name)

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def latest_date(self) -> dt.date | None:
        """The latest event date in the extract (dates of birth are not events)."""
        latest = [
            max((d for d in cells if d is not None), default=None)
            for table in self.tables.values()
            for column, cells in table.dates.items()
            if column not in ("pers_dob", "pers_expected_dob")
        ]
        found = [d for d in latest if d is not None]
        return dt.date.fromordinal(max(found)) if found else None

    def row_counts(self) -> dict[str, int]:
        return {name: table.n_rows for name, table in self.tables.items()}


# ---- cells ------------------------------------------------------------------------------------
def cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    return None if text in ("", "NaT", "nan", "<NA>", "None") else text


class DateCells:
    """Parses date cells, remembering each distinct text (dates repeat across rows)."""

    def __init__(self) -> None:
        self.cache: dict[str, int | None] = {}

    def parse(self, value: Any) -> tuple[int | None, bool]:
        """``(ordinal or None, ok)``: blank is ``(None, True)``, unparsable ``(None, False)``."""
        if isinstance(value, dt.datetime):
            return (None, True) if value != value else (value.date().toordinal(), True)
        if isinstance(value, dt.date):
            return value.toordinal(), True
        text = cell_text(value)
        if text is None:
            return None, True
        if text in self.cache:
            ordinal = self.cache[text]
            return ordinal, ordinal is not None
        try:
            ordinal: int | None = parse_date(text).toordinal()
        except Exception:  # parse_date's own error says only what was expected
            ordinal = None
        self.cache[text] = ordinal
        return ordinal, ordinal is not None


# ---- files ------------------------------------------------------------------------------------
def find_table_file(directory: Path, name: str) -> Path | None:
    """``DIR/<name>.csv`` or ``.parquet``, the name matched without regard to case."""
    by_lower = {p.name.lower(): p for p in directory.iterdir() if p.is_file()}
    for suffix in TABLE_SUFFIXES:
        found = by_lower.get(f"{name}{suffix}")
        if found is not None:
            return found
    return None


def _header(path: Path) -> list[str]:
    try:
        if path.suffix.lower() == ".csv":
            import pandas as pd

            return [str(c) for c in pd.read_csv(path, nrows=0, encoding="utf-8").columns]
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    except Exception as exc:  # the reader's message may quote a cell: keep only its kind
        raise unreadable(path, "the header", exc) from None


def _read_columns(path: Path, wanted: dict[str, str]) -> tuple[dict[str, list[Any]], int]:
    """The columns ``wanted`` (file's own name -> SSD name) as lists of cells, and the row count."""
    try:
        if path.suffix.lower() == ".csv":
            import pandas as pd

            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8",
                usecols=list(wanted),
            )
            return {wanted[c]: frame[c].tolist() for c in wanted}, len(frame)
        import pyarrow.parquet as pq

        table = pq.read_table(path, columns=list(wanted))
        return {wanted[c]: table.column(c).to_pylist() for c in wanted}, table.num_rows
    except Exception as exc:  # the reader's message may quote a cell: keep only its kind
        kind = "CSV" if path.suffix.lower() == ".csv" else "Parquet"
        raise unreadable(path, f"as {kind}", exc) from None


def _read_table(
    spec: TableSpec, path: Path, problems: list[Problem], dates: DateCells
) -> Table | None:
    header = _header(path)
    by_ssd_name: dict[str, str] = {}
    for column in header:
        by_ssd_name.setdefault(column.strip().lower(), column)
    missing = [c for c in spec.columns if c not in by_ssd_name]
    for column in missing:
        problems.append(
            TableProblem(str(path), None, column, f"missing required column of {spec.name}")
        )
    if missing:
        return None
    wanted = {by_ssd_name[c]: c for c in spec.all_columns if c in by_ssd_name}
    cells, n_rows = _read_columns(path, wanted)
    table = Table(spec, path, n_rows, {}, {})
    for column, values in cells.items():
        if column in spec.dates:
            parsed: list[int | None] = []
            bad: list[int] = []
            for row, value in enumerate(values, start=1):
                ordinal, ok = dates.parse(value)
                parsed.append(ordinal)
                if not ok:
                    bad.append(row)
            if bad:
                problems.append(
                    TableProblem(
                        str(path),
                        None,
                        column,
                        f"{len(bad)} value(s) are not dates (expected YYYY-MM-DD or "
                        "DD/MM/YYYY, a time after it allowed)",
                        row_list(bad),
                    )
                )
            table.dates[column] = parsed
        else:
            table.text[column] = [cell_text(v) for v in values]
    for column in spec.required_values:
        blank = [row for row, v in enumerate(table.col(column), start=1) if v is None]
        if blank and not any(p.field == column and p.source == str(path) for p in problems):
            problems.append(
                TableProblem(
                    str(path),
                    None,
                    column,
                    f"{len(blank)} blank value(s) (expected a value in every row)",
                    row_list(blank),
                )
            )
    return table


# ---- checks across tables ---------------------------------------------------------------------
def _duplicates(values: Iterable[str | None]) -> list[int]:
    seen: set[str] = set()
    rows = []
    for row, value in enumerate(values, start=1):
        if value is None:
            continue
        if value in seen:
            rows.append(row)
        seen.add(value)
    return rows


def _cross_checks(tables: dict[str, Table], problems: list[Problem]) -> None:
    person = tables.get("ssd_person")
    episodes = tables.get("ssd_cin_episodes")
    for table, column, what in (
        (person, "pers_person_id", "person id(s) (expected one row per person)"),
        (episodes, "cine_referral_id", "referral id(s) (expected one row per referral)"),
    ):
        dup = _duplicates(table.col(column)) if table is not None else []
        if table is not None and dup:
            problems.append(
                TableProblem(
                    str(table.path), None, column, f"{len(dup)} duplicate {what}", row_list(dup)
                )
            )
    if person is not None and episodes is not None:
        known = set(person.col("pers_person_id"))
        absent = [
            row
            for row, pid in enumerate(episodes.col("cine_person_id"), start=1)
            if pid is not None and pid not in known
        ]
        if absent:
            problems.append(
                TableProblem(
                    str(episodes.path),
                    None,
                    "cine_person_id",
                    f"{len(absent)} episode(s) of a person absent from ssd_person "
                    "(expected every child in ssd_person)",
                    row_list(absent),
                )
            )
    if "ssd_assessment_factors" in tables and "ssd_cin_assessments" not in tables:
        problems.append(
            TableProblem(
                str(tables["ssd_assessment_factors"].path),
                None,
                "cinf_assessment_id",
                "assessment factors need ssd_cin_assessments to find their episode "
                "(expected both tables, or neither)",
            )
        )


def read_ssd(directory: str | Path, *, progress: bool = False) -> SSDExtract:
    """Read the tables of :data:`~referral_nlp.data.ssd.tables.TABLES` from ``directory``.

    Raises :class:`DataValidationError` listing every problem of every table (nothing is built
    from a bad extract) or :class:`InputError` for a missing directory or unreadable file.
    """
    from tqdm.auto import tqdm

    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"{directory}: no such directory (expected the SSD extract's tables).")
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    dates = DateCells()
    for spec in tqdm(TABLES, desc="read SSD", unit="table", disable=not progress, leave=False):
        path = find_table_file(directory, spec.name)
        if path is None:
            if spec.required:
                problems.append(
                    TableProblem(
                        str(directory),
                        None,
                        spec.name,
                        f"missing required table {spec.name} (expected {spec.name}.csv or "
                        f"{spec.name}.parquet: {spec.purpose})",
                    )
                )
            else:
                logger.warning(
                    "%s: no %s table: %s will be unknown", directory, spec.name, spec.purpose
                )
            continue
        table = _read_table(spec, path, problems, dates)
        if table is not None:
            tables[spec.name] = table
    _cross_checks(tables, problems)
    if problems:
        raise DataValidationError(problems)
    logger.info(
        "%s: read %s",
        directory,
        ", ".join(f"{name} {t.n_rows}" for name, t in tables.items()),
    )
    return SSDExtract(directory, tables)
