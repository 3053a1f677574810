"""DottedNameRecognizer: a person's name written as a username ("jane.smith", "dr.patel").

Notes copy names from e-mail headers, system logins and chat exports: "seen by dr.patel",
"message from mo_hassan". Two name parts joined by a dot or underscore, with nothing around
them that makes them part of an address or a file name, are a person. The parts must look like a
name: a title, or a known first name, before a known surname ("jane.smith"), or a short
forename or initial before a known surname ("mo.hassan", "j.smith"). "e.g.", "notes.txt" and
"st.mary" are not.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, TITLES, first_names, surnames
from referral_nlp.redaction.taxonomy import PERSON


class DottedNameRecognizer(PatternRecognizer):
    """``first.last``, ``title.last`` or ``initial_last``, checked against the name lists.

    Scores 0.6.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "dotted name",
            r"(?<![\w@.\-/])[a-z]{1,20}[._][a-z]{2,25}(?![\w@\-/]|\.[a-z0-9])",
            0.6,
        ),
    ]
    _PARTS: ClassVar[re.Pattern[str]] = re.compile(r"[._]")
    #: Abbreviations written with a dot before a word: "st.mary" is a church or a street.
    NOT_FORENAMES: ClassVar[frozenset[str]] = frozenset(
        "st rd ave mt ft no nos vs eg ie re ref tel mob fax www co ltd".split()
    )

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(supported_entity=supported_entity, patterns=self.PATTERNS)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop pairs whose parts are not a title or forename and a surname.

        :param pattern_text: The matched text.
        """
        first, last = (p.lower() for p in self._PARTS.split(pattern_text, maxsplit=1))
        if first in self.NOT_FORENAMES:
            return True
        if first in TITLES:
            return False
        known_last = last in surnames() and last not in AMBIGUOUS_NAMES
        if first in first_names() and first not in AMBIGUOUS_NAMES:
            return not (known_last or last in first_names())
        return not (len(first) <= 3 and known_last)
