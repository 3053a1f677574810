"""IdentifierColumnRecognizer: identifiers and ages in a pasted table's column its header names.

A provision map, a caseload list or a chronology export puts each child's identifiers in a
column under one header ("Pupil | UPN | Need", "Name | LCS ID | Plan", "Child | DOB | School"),
so no cell carries the label the other recognisers look for: a UPN with a typo in its check
letter, a council's seven-digit case number or a date of birth leaks there. The header says what
the column holds; each cell under it shaped as that identifier is one (a "n/k", "TBC" or "-",
a row's number, a step or a page reference is not). Validation is the other recognisers' work,
where they find the same value: a column's header is evidence enough for a value copied with a
typo.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.recognizers.age_recognizer import AgeRecognizer
from referral_nlp.redaction.recognizers.token_rule_recognizer import rule_result
from referral_nlp.redaction.table_columns import column_cells

#: What each column holds, and the header names (as
#: :func:`~referral_nlp.redaction.table_columns.header_name` writes them) that say so.
_COLUMNS: tuple[tuple[str, str], ...] = (
    (taxonomy.UPN, "upn | unique pupil number | pupil number"),
    (taxonomy.ULN, "uln | unique learner number"),
    (taxonomy.NHS_NUMBER, "nhs | nhs no | nhs number | nhs num"),
    (
        taxonomy.NI_NUMBER,
        "ni | ni no | ni number | nino | national insurance | national insurance number",
    ),
    (taxonomy.DATE_OF_BIRTH, "dob | d.o.b | date of birth | birth date"),
    # A household's or a register's table: "| Name | Relationship | Age | School |".
    (taxonomy.AGE, "age | age (yrs) | age (years) | age now | current age | age at referral"),
    (
        taxonomy.PHONE_NUMBER,
        "tel | tel no | phone | phone no | telephone | mobile | mob | mobile no | contact no"
        " | contact number",
    ),
    (taxonomy.POSTCODE, "postcode | post code"),
    (taxonomy.VEHICLE_REGISTRATION, "vrm | vehicle reg | vehicle registration | reg no | car reg"),
    (taxonomy.HOSPITAL_NUMBER, "hospital no | hospital number | mrn | unit no | unit number"),
    (
        taxonomy.CASE_REFERENCE,
        "ref | ref no | reference | case ref | case no | case number | case id | id | lcs id"
        " | lcs no | mosaic id | mosaic no | eclipse id | person id | child id | client id"
        " | crime ref | crime no | crime number | log no | log number | cad | cad no | ppn"
        " | ppn no | incident no | incident ref | job no | job number | claim no | cpoms id | urn",
    ),
)
_HEADERS: dict[str, str] = {
    name.strip(): kind for kind, names in _COLUMNS for name in names.split("|")
}
#: Longest cell taken whole: a longer one is a sentence that mentions a number.
_MAX_CELL = 40


class IdentifierColumnRecognizer(EntityRecognizer):
    """Each cell with a digit in a column whose header names an identifier; 0.6."""

    SCORE: ClassVar[float] = 0.6

    def __init__(self) -> None:
        super().__init__(
            supported_entities=sorted(set(_HEADERS.values())), name="IdentifierColumnRecognizer"
        )

    def load(self) -> None:  # nothing to load: a table of header names
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Each identifier cell under a header this recogniser knows, of a wanted type."""
        if "|" not in text and "\t" not in text:
            return []
        wanted = set(entities)
        return [
            rule_result(self, kind, start, end, self.SCORE, "identifier column")
            for kind, start, end in column_cells(text, _HEADERS.get)
            if kind in wanted and _is_value(text[start:end], kind)
        ]


#: The shape a cell needs under each kind of header: a row's number, a step, a page, a count
#: or a section ("1", "Step 2", "p.12", "2 calls", "EHCP 2.1") is none of them.
_DATE_SHAPE = re.compile(
    r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}|[0-9]{1,2}(?:st|nd|rd|th)?[ ][A-Za-z]{3,9}"
    r"(?:[ ][0-9]{2,4})?|(?:19|20)[0-9]{2}"
)
_POSTCODE_SHAPE = re.compile(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[ ]?[0-9][A-Za-z]{2}")
_PLATE_SHAPE = re.compile(r"(?=[A-Za-z0-9 ]{2,9}$)(?=.*[A-Za-z])(?=.*[0-9]).*")
#: An age: "7", "15 yrs", "4y 6m", "18 months", "9yo" (0-120; "7-8", a range, is none).
_AGE_SHAPE = re.compile(
    r"(?P<years>[0-9]{1,3})(?:[ ]?(?:y|yrs?|years?|yo|y/o|m|mths?|months?|w|wks?|weeks?)"
    r"(?:[ ]?[0-9]{1,2}[ ]?(?:m|mths?|months?))?)?",
    re.IGNORECASE,
)
_LEAST_DIGITS = {taxonomy.PHONE_NUMBER: 9}
#: Fewest digits an identifier cell holds otherwise: a code of three digits or fewer is a
#: row's, a page's or a step's number as often.
_DEFAULT_LEAST_DIGITS = 4


def _is_value(cell: str, kind: str) -> bool:
    """A cell short enough to be one value, shaped as ``kind``'s values are."""
    if len(cell) > _MAX_CELL:
        return False
    if kind == taxonomy.DATE_OF_BIRTH:
        return _DATE_SHAPE.fullmatch(cell) is not None
    if kind == taxonomy.AGE:
        age = _AGE_SHAPE.fullmatch(cell)
        return age is not None and int(age["years"]) <= AgeRecognizer.MAX_AGE
    if kind == taxonomy.POSTCODE:
        return _POSTCODE_SHAPE.fullmatch(cell) is not None
    if kind == taxonomy.VEHICLE_REGISTRATION:
        return _PLATE_SHAPE.fullmatch(cell) is not None
    digits = sum(c.isdigit() for c in cell)
    # One code, not a phrase: at most two spaces ("943 476 5919"), and more digits than words.
    return (
        digits >= _LEAST_DIGITS.get(kind, _DEFAULT_LEAST_DIGITS)
        and cell.count(" ") <= 2
        and sum(c.isalpha() for c in cell) <= digits
    )
