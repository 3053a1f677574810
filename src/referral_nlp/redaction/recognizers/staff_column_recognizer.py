"""StaffColumnRecognizer: the initials in a pasted table's column of who recorded each entry.

Chronologies exported from CPOMS, MyConcern or a spreadsheet keep a column for the worker who
wrote each row ("Date | Time | Category | Entry | Staff | Actions"), filled with initials
("| LMc |", "| AJ |", "| SP / HF |"). Alone, two capitals are as often an abbreviation as a
person, and the initials rules need a sentence to show a person; here the header does. Found
once, the redactor's name propagation finds the same initials elsewhere in the note.

A table (:mod:`referral_nlp.redaction.table_columns`) is read where a header cell names who
recorded the row. Only that column is read, and only cells of initials: a role there ("DSL",
"SW") is the field's vocabulary and stays.

A daily log pasted without its header puts the worker's initials straight after each row's time
("07.30 | DQ | Woke ...", "10.40 | LZ (shift lead) | ..."): two or more such rows make the
second cell that column too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.initials import (
    PROFESSIONAL_ABBREVIATIONS,
    SHORT_WORDS,
    could_be_mixed_case_initials,
)
from referral_nlp.redaction.recognizers.token_rule_recognizer import rule_result
from referral_nlp.redaction.table_columns import column_cells
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

#: Header cells that name who recorded a row (lower case, spaces folded).
_STAFF_HEADERS = frozenset(
    {
        "staff", "initials", "staff initials", "staff name", "staff member", "recorded by",
        "author", "worker", "completed by", "logged by", "entered by", "added by", "created by",
        "reported by", "given by", "owner", "signed", "sign", "signature",
    }
)  # fmt: skip
#: An action plan's column of who does each action ("| Action | Who | By when |"): initials,
#: or as often a role or an agency, which stays ("GDP", "HO", "VSH", "JCP"; "SW", "OT" and the
#: like are the field's words and professionals' abbreviations everywhere).
_ACTION_HEADERS = frozenset(
    {"who", "by whom", "lead", "lead person", "responsible", "person responsible", "action by"}
)
_ROLES_IN_ACTION_PLANS = frozenset("""gdp ho vsh hcp pn cpn opt cab jcp lm dp fw dn""".split())
#: One worker's initials in one case: "AJ", "SMB", "kd"; not four capitals ("AWOL", "UKVI").
#: Mixed case ("LMc", "SMacL") is :func:`could_be_mixed_case_initials`'s.
_INITIALS = re.compile(r"[A-Z]{2,3}|[a-z]{2,3}")
#: What a staff, owner or signature column holds that names no one: an answer, a chart's code,
#: a system, a family role, an agency.
_NOT_STAFF = frozenset(
    """yes ok nk nr na loa ref abs sys auto adm bot api tbc tba all n/a bf gf sf sm gm mgm pgm
    mgf pgf mps gmp btp cid hse wnb ukvi dfe hoy hos hod""".split()
)
#: What joins two workers' initials in one cell: "SP / HF", "SP, HF", "SP & HF".
_JOINER = re.compile(r"[ ]*[/,&+][ ]*")


class StaffColumnRecognizer(EntityRecognizer):
    """Initials in the column a table's header names as who recorded the row; 0.6."""

    SCORE: ClassVar[float] = 0.6

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(supported_entities=[supported_entity], name="StaffColumnRecognizer")

    def load(self) -> None:  # nothing to load: a few compiled patterns
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Each cell of initials, or each of the initials a cell joins, in a staff column."""
        if ("|" not in text and "\t" not in text) or self.supported_entities[0] not in entities:
            return []
        spans = [*self._initials_spans(text), *_timed_row_initials(text)]
        return [
            rule_result(self, self.supported_entities[0], start, end, self.SCORE, "staff column")
            for start, end in sorted(set(spans))
        ]

    def _initials_spans(self, text: str) -> Iterator[tuple[int, int]]:
        for kind, start, end in column_cells(text, _staff_column):
            for s, e in self._cell_initials(text, start, end):
                if kind == "staff" or text[s:e].lower() not in _ROLES_IN_ACTION_PLANS:
                    yield s, e

    @staticmethod
    def _cell_initials(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        parts = []
        pos = start
        for m in _JOINER.finditer(text, start, end):
            parts.append((pos, m.start()))
            pos = m.end()
        parts.append((pos, end))
        # "KT / DSL": the worker's initials beside a role.
        yield from ((s, e) for s, e in parts if _is_initials(text[s:e]))


#: A log row's time, then the cell after it: initials, perhaps with a role in brackets.
_TIMED_ROW = re.compile(
    r"^[ \t]*\|?[ \t]*(?:[01]?[0-9]|2[0-3])[.:][0-5][0-9][ \t]*\|[ \t]*"
    r"(?P<cell>[A-Za-z]{2,5})(?:[ ]\([^()|\n]{1,20}\))?[ \t]*\|",
    re.MULTILINE,
)


def _timed_row_initials(text: str) -> list[tuple[int, int]]:
    """The initials cell after the time in each row of a headerless log of two rows or more."""
    # Two letters, or mixed case ("LMc"): three capitals after a time are a chart's codes as
    # often ("07.00 | PRN |", "| OBS |", "| MED |").
    rows = [
        m.span("cell")
        for m in _TIMED_ROW.finditer(text)
        if _is_initials(m["cell"]) and (len(m["cell"]) == 2 or not m["cell"].isupper())
    ]
    return rows if len(rows) >= 2 else []


def _staff_column(name: str) -> str | None:
    """A header that names who recorded each row, or who does each action."""
    if name in _STAFF_HEADERS:
        return "staff"
    return "action" if name in _ACTION_HEADERS else None


def _is_initials(cell: str) -> bool:
    """``cell`` is shaped like initials and is none of the field's words or abbreviations."""
    if not (_INITIALS.fullmatch(cell) or could_be_mixed_case_initials(cell)):
        return False
    low = cell.lower()
    if low in STOP_WORDS or low in SOCIAL_CARE_TERMS or low in _NOT_STAFF:
        return False
    return (
        not (cell.islower() and low in SHORT_WORDS)
        and cell.upper() not in PROFESSIONAL_ABBREVIATIONS
    )
