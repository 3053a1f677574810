"""LocationCueRecognizer: places named after a movement or residence cue, and country names.

spaCy's small model misses unfamiliar and all-caps place names ("moved to HYVINKÄÄ"). Where a
family has lived, moved or travelled is identifying, so a capitalised name after such a cue is a
LOCATION; so is any country name from the packaged list.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from referral_nlp.redaction.taxonomy import LOCATION
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

# Any script's capitals ("ΛΕΥΚΩΣΙΑ", "Škofja"): the `regex` module knows \p{Lu}.
_PLACE = r"\p{Lu}[^\W\d_]*(?:[\-'’][^\W\d_]+)*"
_CUE = (
    r"(?:(?:moved|flew|travell?ed|relocated|returned|went|emigrated|fled|deported)"
    r"\s+(?:back\s+)?to"
    r"|(?:lives|living|lived|resides|residing|resident|based|born|settled|raised|grew\s+up)\s+in"
    r"|originally\s+from|arrived\s+(?:in|at)|from\s+the\s+town\s+of|visiting|visited"
    r"|(?i:(?:moved|came|come|emigrated|fled|relocated)\s+(?:here\s+|over\s+|back\s+)?from)"
    # Where someone is now: "I'm in Leeds", "We are in Krakow for a week".
    r"|(?i:(?:I['’]m|I\s+am|we['’]re|we\s+are|they['’]re|they\s+are|currently|staying)\s+in))"
)


@functools.lru_cache(maxsize=1)
def _country_pattern() -> str:
    text = resources.files("referral_nlp.redaction").joinpath("data/countries.txt")
    names = [
        line.strip()
        for line in text.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    names.sort(key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"


class LocationCueRecognizer(PatternRecognizer):
    """'moved to Leeds', 'originally from ΚΑΤΩ ΠΟΛΕΜΙΔΙΑ', 'Cyprus'."""

    #: Capitalised words after a cue that are not places ("moved to Mum's", "went to School").
    NOT_PLACES = frozenset(
        """mum mums dad dads nan school nursery hospital the a his her their my our live stay
        care foster police court year reception class custody prison bed charge pain love
        trouble touch contact crisis recovery remission labour work college uni university
        town city""".split()
    )

    CONTEXT: ClassVar[list[str]] = ["moved", "lives", "from", "born", "travelled", "address"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = LOCATION,
    ) -> None:
        default_patterns = [
            # Presidio compiles with the `regex` module, whose look-behind may vary in width: the
            # cue must precede the place but is not part of the reported span.
            Pattern(
                "place after cue",
                r"(?=\p{Lu})(?<=\b" + _CUE + r"\s+)" + _PLACE + r"(?:\s+" + _PLACE + r"){0,2}",
                0.6,
            ),
            # English place names joined by a linking word: "Barrow-in-Furness",
            # "Stoke-on-Trent", "Newcastle upon Tyne" (with spaces only for "upon").
            Pattern(
                "linked place name",
                r"\b[A-Z][a-z]+(?:-(?:in|on|upon|under|le|by|super|cum|en|next)-(?:the-)?"
                r"|[ ]upon[ ])[A-Z][a-z]+\b",
                0.6,
            ),
            # A postal code often follows the country in an address line ("Finland 23221").
            Pattern(
                "country", _country_pattern() + r"(?:[ \t]+[0-9]{3,6}(?:[ \t][0-9]{2})?\b)?", 0.6
            ),
        ]
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else default_patterns,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        first = re.split(r"[\s'’]", pattern_text, maxsplit=1)[0].lower()
        if first in self.NOT_PLACES or first in SOCIAL_CARE_TERMS:
            return False
        return None
