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

from presidio_analyzer import Pattern

from referral_nlp.redaction.date_parts import MONTH_NAMES
from referral_nlp.redaction.name_lists import TITLES
from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.recognizers.uk_postcode_recognizer import POSTCODE_SHAPE
from referral_nlp.redaction.taxonomy import LOCATION
from referral_nlp.redaction.vocabulary import (
    INSTITUTIONAL_WORDS,
    SOCIAL_CARE_TERMS,
    is_public_body,
)

# Any script's capitals ("ΛΕΥΚΩΣΙΑ", "Škofja"): the `regex` module knows \p{Lu}.
_PLACE = r"\p{Lu}[^\W\d_]*(?:[\-'’][^\W\d_]+)*"
#: The cue in any case: a sentence may open with it ("Lives in Huddersfield").
_CUE = (
    r"(?:(?i:(?:moved|flew|travell?ed|relocated|returned|emigrated|fled|deported|grew\s+up)"
    r"\s+(?:back\s+)?(?:to|in))"
    # "went to" also takes shops and events ("Went to Tesco"): mid-sentence only, as it was.
    r"|went\s+(?:back\s+)?to"
    r"|(?i:(?:lives|living|lived|resides|residing|resident|based|born|settled|raised)\s+in"
    r"|originally\s+from|arrived\s+(?:in|at)|from\s+the\s+town\s+of|visiting|visited)"
    r"|(?i:(?:moved|came|come|emigrated|fled|relocated)\s+(?:here\s+|over\s+|back\s+)?from)"
    # Where someone is now: "I'm in Leeds", "We are in Krakow for a week".
    r"|(?i:(?:I['’]m|I\s+am|we['’]re|we\s+are|they['’]re|they\s+are|currently|staying)\s+in))"
)


#: Words before "estate" or "village" that name a kind of one or point at one, not its name.
_NOT_ESTATE_NAME = (
    r"(?!(?:Industrial|Trading|Business|Retail|Housing|Council|Local|Same|Whole|Entire|Real"
    r"|Private|Social|New|Old|Big|Next|Olympic|Global|Holiday|Retirement|Student|Country"
    r"|Model|Tourist|The|This|That|Our|Their|His|Her|My|Your|Visited|Left|Went|Near|Outside"
    r"|Rural|Small|Large|Nearby|Same|Different|Estate|Village|Secure|Youth|Prison)\b)"
)
#: What ends the name of a place people attend: "Oakfield Primary, Didsbury", "St Luke's
#: Hospital, Harlow", "Church of God, Brixton".
_INSTITUTION = (
    r"(?:Hospital|Infirmary|Surgery|Practice|Clinic|Nursery|School|Primary|Academy|College"
    r"|Church|Chapel|Mosque|Gurdwara|Temple|Synagogue|Centre|Center)(?:[ ]of[ ]\p{Lu}\w+)?"
)
#: Words after an institution's comma that name part of it or a person, not its town.
_NOT_TOWN_WORDS = (
    frozenset(
        """ward wards unit department dept team clinic wing block site campus reception
        paediatrics paediatric maternity outpatients emergency children children's
        safeguarding admissions year class""".split()
    )
    | TITLES
    | INSTITUTIONAL_WORDS
)
_TOWN_WORD = (
    r"(?!(?i:"
    + "|".join(sorted((re.escape(w) for w in _NOT_TOWN_WORDS), key=len, reverse=True))
    + r")\b)\p{Lu}[a-z]+"
)
#: A full UK postcode ("LS9 8AB").
_POSTCODE = r"(?-i:" + POSTCODE_SHAPE + r")\b"

#: What ends a match's first word: a space or an apostrophe ("Leeds'", "Bishop's Stortford").
_FIRST_WORD_END = re.compile(r"[\s'’]")

#: Before a country that is also a first name ("Jordan", "Georgia", "Chad"): a place word.
_PLACE_PREPOSITION = r"(?<=\b(?i:in|from|to|of|via|across|visiting|visited|around|through)\s+)"


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[list[str], list[str]]:
    """(countries, countries that are also first names), longest first."""
    from referral_nlp.redaction.name_lists import first_names

    text = resources.files("referral_nlp.redaction").joinpath("data/countries.txt")
    names = sorted(
        (
            line.strip()
            for line in text.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ),
        key=len,
        reverse=True,
    )
    forenames = first_names()
    return [n for n in names if n.lower() not in forenames], [
        n for n in names if n.lower() in forenames
    ]


def _country_pattern(names: list[str]) -> str:
    return r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"


class LocationCueRecognizer(PresetPatternRecognizer):
    """'moved to Leeds', 'originally from ΚΑΤΩ ΠΟΛΕΜΙΔΙΑ', 'Cyprus'."""

    #: Capitalised words after a cue that are not places ("moved to Mum's", "went to School").
    NOT_PLACES = frozenset(
        """mum mums dad dads nan school nursery hospital the a his her their my our live stay
        care foster police court year reception class custody prison bed charge pain love
        trouble touch contact crisis recovery remission labour work college uni university
        town city""".split()
    ) | frozenset(MONTH_NAMES)

    CONTEXT: ClassVar[list[str]] = ["moved", "lives", "from", "born", "travelled", "address"]
    ENTITY: ClassVar[str] = LOCATION
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.MULTILINE

    def default_patterns(self) -> list[Pattern]:
        """Built here, not as a class constant: the country names are read from a data file."""
        return [
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
            # "Little Oaks Nursery, Didsbury.": a place named after a comma that follows a named
            # school, surgery, hospital or place of worship is the town it stands in. One or
            # two words closing the clause; a ward or a person's title is no town (validated).
            Pattern(
                "town after a named institution",
                r"(?<=\p{Lu}[^\W\d_]+(?:['’]s)?[ ]"
                + _INSTITUTION
                + r",[ ])"
                + _TOWN_WORD
                + r"(?:[ ]"
                + _TOWN_WORD
                + r")?(?=[ ]?[.,;(]|[ ]?$)",
                0.6,
            ),
            # "..., Felindre SA1 2AB": the word between an address line's comma and its
            # postcode is the post town.
            Pattern(
                "town before a postcode",
                r"(?<=,[ ])\p{Lu}[a-z]+(?:[ \-]\p{Lu}[a-z]+)?(?=[ ]+" + _POSTCODE + r")",
                0.6,
            ),
            # "lads off the Fernhill estate", "Kestrel Court, Moorside estate", "Edgecote
            # village": a housing estate or a village narrows a family down to a few streets.
            # Its name only; written "Estate", only after "the" (a business's name may end so),
            # and never a kind of estate ("the Industrial Estate", "the Secure estate").
            Pattern(
                "named housing estate or village",
                # After "the", a place's preposition, a comma, a dash or a bracket: "a Viking
                # village", "Residential estate" and "Property estate agents" name none.
                r"(?<=\b(?i:the|on|off|in|from|near|at|around|to|across)[ ]|[,(][ ]?|[–\-][ ])"
                + _NOT_ESTATE_NAME
                + r"\p{Lu}[a-z]+(?:[ ]\p{Lu}[a-z]+)?"
                r"(?=[ ](?:estate|village|(?<=\b(?i:the)[ ]\S+(?:[ ]\S+)?[ ])Estate)\b"
                r"(?![ ]agent))",
                0.6,
            ),
            # A postal code often follows the country in an address line ("Finland 23221").
            Pattern(
                "country",
                _country_pattern(_countries()[0]) + r"(?:[ \t]+[0-9]{3,6}(?:[ \t][0-9]{2})?\b)?",
                0.6,
            ),
            # "Jordan is 7": a country that is also a first name counts after a place word.
            Pattern(
                "country that is also a first name",
                _PLACE_PREPOSITION + _country_pattern(_countries()[1]),
                0.6,
            ),
        ]

    def validate_result(self, pattern_text: str) -> bool | None:
        first = _FIRST_WORD_END.split(pattern_text, maxsplit=1)[0].lower()
        if first in self.NOT_PLACES or first in SOCIAL_CARE_TERMS or is_public_body(pattern_text):
            return False
        return None
