"""The case-note export: the text the SSD does not hold, joined to its CIN episodes.

A council exports referral notes from its case-management system (CSV, JSONL or Parquet),
keyed either by referral (``cine_referral_id``) or by person and date. A small mapping file
names the export's columns::

    text: note_text            # the note (required)
    referral_id: referral_ref  # join on the referral id ...
    # person_id: person_ref    # ... or on the person and the note's date: the note belongs to
    # date: note_date          #     the episode open on that date (referral <= date <= closure)
    assessment_text: summary   # optional: an assessment or closure summary
    date_format: "%d/%m/%Y"    # optional; default ISO 8601 or dd/mm/yyyy

Several notes of one episode are joined in date order (then file order), a blank line apart.
Every key must match an episode: a note that matches none is refused before anything is
written (``--drop-unmatched-text`` leaves such notes out and counts them instead). Messages
name the file, the column and rows, never a value.
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from referral_nlp.data.loaders import read_table
from referral_nlp.data.mapping import header_match
from referral_nlp.data.ssd.history import Episode
from referral_nlp.data.ssd.reader import DateCells, TableProblem, cell_text, row_list
from referral_nlp.data.validation import DataValidationError, parse_date
from referral_nlp.errors import UserError
from referral_nlp.io import read_settings_file

logger = logging.getLogger(__name__)

NOTE_SEPARATOR = "\n\n"


@dataclass
class TextMapping:
    """Which columns of the text export hold the note, its key and (optionally) its date."""

    text: str = "text"
    referral_id: str | None = None  # default "referral_id" when person_id is not given
    person_id: str | None = None
    date: str | None = None
    assessment_text: str | None = None
    date_format: str | None = None

    def __post_init__(self) -> None:
        for key, value in asdict(self).items():
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise UserError(f"text mapping {key}: expected a column name (text).")
        if self.referral_id is None and self.person_id is None:
            self.referral_id = "referral_id"
        if self.referral_id is None and (self.person_id is None or self.date is None):
            raise UserError(
                "text mapping: expected referral_id, or both person_id and date "
                "(how a note finds its episode)."
            )
        if self.referral_id is not None and self.person_id is not None:
            raise UserError("text mapping: give referral_id or person_id + date, not both.")
        if self.date_format is not None and "%" not in self.date_format:
            raise UserError("text mapping date_format: expected a strptime format like %d/%m/%Y.")

    @classmethod
    def from_file(cls, path: str | Path | None) -> TextMapping:
        """From YAML or JSON; ``None`` gives the default (columns ``referral_id`` and ``text``)."""
        if path is None:
            return cls()
        path = Path(path)
        values = read_settings_file(path, "text mapping")
        allowed = list(cls.__dataclass_fields__)
        unknown = sorted(set(values) - set(allowed))
        if unknown:
            raise UserError(f"{path}: unknown text-mapping key(s) {unknown}; expected {allowed}.")
        try:
            return cls(**values)
        except UserError as exc:
            raise UserError(f"{path}: {exc}") from None


@dataclass
class JoinedText:
    """Per referral id, the joined note and assessment text; and what the join counted."""

    texts: dict[str, str]
    assessment_texts: dict[str, str]
    n_notes: int
    n_blank: int
    n_unmatched_dropped: int
    n_episodes_with_several: int
    #: Rows repeating an earlier row's episode, date and text (exports repeat rows on joins).
    n_duplicate_notes: int = 0


def _episode_on(
    by_person: Mapping[str, tuple[list[int], list[Episode]]], person: str, day: int
) -> Episode | None:
    """The person's episode open on ``day``: the latest referral on or before it, not closed
    before it."""
    found = by_person.get(person)
    if found is None:
        return None
    starts, episodes = found
    i = bisect.bisect_right(starts, day) - 1
    if i < 0:
        return None
    ep = episodes[i]
    return ep if ep.closure is None or day <= ep.closure else None


def join_text_export(
    path: str | Path,
    mapping: TextMapping,
    episodes: list[Episode],
    *,
    drop_unmatched: bool = False,
) -> JoinedText:
    """Read the export and join each note to its episode (see the module docstring)."""
    columns, rows = read_table(path)
    source = str(path)
    column_keys = ("text", "referral_id", "person_id", "date", "assessment_text")
    wanted = [getattr(mapping, key) for key in column_keys if getattr(mapping, key)]
    # The mapping's names as the file spells them (case and surrounding spaces aside).
    spelt = {c: header_match(columns, c) for c in wanted}
    missing = [c for c in wanted if spelt[c] is None]
    if missing:
        raise DataValidationError(
            [
                TableProblem(source, None, c, "missing column named in the text mapping")
                for c in missing
            ]
        )
    mapping = replace(
        mapping,
        **{key: spelt[getattr(mapping, key)] for key in column_keys if getattr(mapping, key)},
    )
    by_id = {ep.referral_id: ep for ep in episodes}
    by_person: dict[str, tuple[list[int], list[Episode]]] = {}
    if mapping.person_id is not None:
        grouped: dict[str, list[Episode]] = defaultdict(list)
        for ep in episodes:
            grouped[ep.person_id].append(ep)
        for person, eps in grouped.items():
            eps.sort(key=lambda e: e.referral)
            by_person[person] = ([e.referral for e in eps], eps)

    dates = DateCells()
    bad_dates: list[int] = []
    unmatched: list[int] = []
    notes: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    summaries: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    blank = duplicates = 0
    seen: set[tuple[str, int | None, str]] = set()
    for row, cells in enumerate(rows, start=1):
        day: int | None = None
        if mapping.date is not None:
            day, ok = _parse_day(cells.get(mapping.date), mapping.date_format, dates)
            if not ok:
                bad_dates.append(row)
                continue
        if mapping.referral_id is not None:
            ep = by_id.get(cell_text(cells.get(mapping.referral_id)) or "")
        else:
            person = cell_text(cells.get(mapping.person_id)) or ""
            ep = _episode_on(by_person, person, day) if day is not None else None
        if ep is None:
            unmatched.append(row)
            continue
        text = cells.get(mapping.text)
        if isinstance(text, str) and text.strip():
            key = (ep.referral_id, day, text.strip())
            if key in seen:  # the same note twice would double its words in the record
                duplicates += 1
                continue
            seen.add(key)
            notes[ep.referral_id].append((day or 0, row, text))
        else:
            blank += 1
        if mapping.assessment_text is not None:
            summary = cells.get(mapping.assessment_text)
            if isinstance(summary, str) and summary.strip():
                summaries[ep.referral_id].append((day or 0, row, summary))

    problems = []
    if bad_dates:
        problems.append(
            TableProblem(
                source,
                None,
                mapping.date or "",
                f"{len(bad_dates)} value(s) are not dates (expected "
                f"{mapping.date_format or 'YYYY-MM-DD or DD/MM/YYYY, a time after it allowed'})",
                row_list(bad_dates),
            )
        )
    if unmatched and not drop_unmatched:
        keys = mapping.referral_id or f"{mapping.person_id} + {mapping.date}"
        problems.append(
            TableProblem(
                source,
                None,
                keys,
                f"{len(unmatched)} of {len(rows)} note(s) match no episode in ssd_cin_episodes "
                "(expected every key to match; --drop-unmatched-text leaves them out)",
                row_list(unmatched),
            )
        )
    if problems:
        raise DataValidationError(problems)
    if unmatched:
        logger.warning("%s: %d note(s) match no episode and were left out", source, len(unmatched))

    def joined(parts: dict[str, list[tuple[int, int, str]]]) -> dict[str, str]:
        return {rid: NOTE_SEPARATOR.join(t for _, _, t in sorted(p)) for rid, p in parts.items()}

    return JoinedText(
        texts=joined(notes),
        assessment_texts=joined(summaries),
        n_notes=len(rows),
        n_blank=blank,
        n_unmatched_dropped=len(unmatched),
        n_episodes_with_several=sum(1 for p in notes.values() if len(p) > 1),
        n_duplicate_notes=duplicates,
    )


def _parse_day(value: Any, date_format: str | None, cache: DateCells) -> tuple[int | None, bool]:
    if date_format is None or not isinstance(value, str):
        return cache.parse(value)
    if not value.strip():
        return None, True
    try:
        return parse_date(value, date_format).toordinal(), True
    except Exception:  # parse_date's own error says only what was expected
        return None, False
