"""DatePhraseRecognizer: dates the calendar recogniser cannot see as one piece.

* A festival, holiday or school term with its year ("since Easter 2023", "Christmas 2022",
  "the summer holidays 2024", "Eid al-Fitr 2023"): NER takes the year alone and leaves the
  festival, which with the year dates the event as closely as a month does.
* A numeric date a narrow form field broke over a line ("DOB: 07/07/" / "2013"): the calendar
  recogniser keeps every date on one line, so only the year was found.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import DATE

_YEAR = r"(?:19|20)[0-9]{2}(?![\w/])"
_FESTIVAL = (
    r"(?:easter|christmas|xmas|eid(?:[ \-]al[ \-](?:fitr|adha))?|diwali|ramadan|hanukkah"
    r"|halloween|new[ ]year(?:['’]s)?(?:[ ](?:eve|day))?|bonfire[ ]night|vaisakhi|passover"
    r"|(?:spring|summer|autumn|winter|october|february|may)[ ](?:half[ ])?term"
    r"|half[ ]term|(?:spring|summer|autumn|winter|easter|christmas)[ ]holidays?)"
)


class DatePhraseRecognizer(PresetPatternRecognizer):
    """A festival or term with its year, and a numeric date broken over a line; 0.6 each.

    :param supported_entity: Entity name reported for each match.
    """

    ENTITY: ClassVar[str] = DATE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "festival or term and year",
            r"\b" + _FESTIVAL + r"(?:[ ](?:holidays?|break))?[ ](?:of[ ])?" + _YEAR,
            0.6,
        ),
        Pattern(
            "numeric date broken over a line",
            r"(?<![\w/.])(?:0?[1-9]|[12][0-9]|3[01])(?P<sep>[/.\-])(?:0?[1-9]|1[0-2])(?P=sep)"
            r"[ \t]*\r?\n[ \t]*(?:" + _YEAR + r"|[0-9]{2}(?![\w/]))",
            0.6,
        ),
    ]
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.IGNORECASE | re.MULTILINE
