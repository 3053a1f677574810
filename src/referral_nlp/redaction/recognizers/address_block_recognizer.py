"""AddressBlockRecognizer: a whole address written as one run of numbers and capitalised words.

Addresses in forms, letters and records from other systems run on: house number, street, flat or
suite, town, region, postcode or zip ("5570 Kaarikatu 32 Apt. 353, Danmarkshavn, 87967"). A
street-suffix pattern finds "12 Elm Road" but leaves the rest readable, and every remaining
part narrows down where a family lives. This recogniser takes the whole run and keeps it only if
it has the shape of an address: a number with a street word, a unit, or a second number after
a name.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.date_parts import MONTH_WORD
from referral_nlp.redaction.recognizers.empty_fields import (
    BEFORE_NUMBER_OR_LINE_END,
    EMPTY_FIELD_WORDS,
)
from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.recognizers.uk_postcode_recognizer import POSTCODE_SHAPE
from referral_nlp.redaction.taxonomy import ADDRESS
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

#: A house or flat number; never the hour of a clock time ("Kirkby 15:10").
_NUM = r"[0-9]{1,6}(?![0-9]|[:.][0-9])[A-Za-z]?\.?"
# Any script's capitals ("Μεγάλη Άμμος", "ПЕТРОВА"): the `regex` module knows \p{Lu}.
_CAP = r"\p{Lu}[^\W\d_]*(?:[.'’\-][^\W\d_]+)*\.?"
_UNIT = r"(?:Apt|Apartment|Suite|Ste|Unit|Box|PSC|APO|FPO|DPO|Flat|Floor|Fl|Bldg|Building)\b\.?"
# Either case: "rue La Boétie", "Paseo del Mar" ("La" is also a field word, Local Authority).
_PARTICLE = (
    r"(?i:de|la|le|du|des|da|do|dos|das|di|del|della|dei|van|von|der|den|z|y|u|v|u\.|ul\.|of"
    r"|nad|pod|bei|sur|upon)(?!\w)"
)
# Street and place words that continental addresses write in lower case ("Erzsébet tér 19.",
# "Trenerys gate 232", "Luite tee 87", "56 rue La Boétie", "Belgrád rkp. 18.").
_LOWER_STREET = (
    r"(?:rue|rua|rúa|via|viale|calle|avenida|avda\.|paseo|piazza|strada|chemin|allée|quai|route"
    r"|utca|u\.|út|útja|tér|körút|krt\.|rkp\.|köz|sor|kapu|fasor|gate|gata|gatan|vej|veien"
    r"|vegen|väg|vägen|gade|plads|torv|torg|terrasse|stræde|tee|põik|puiestee|tänav|iela|ulica"
    r"|ul\.|ulice|náměstí|nám\.|trg|cesta|straat|laan|weg|plein|str\.|strasse|straße)(?![\w])"
)
# Parts are separated by spaces, commas, line breaks or the ">" of quoted e-mail lines.
_SEP = r"(?:[ \t]*(?:[,\n>|][ \t]*){1,3}|[ \t]+)"
# A field word ("Mum", "CAMHS") on the next line starts the note again, not the address.
# Longest first, then alphabetical: a set's order changes with PYTHONHASHSEED, and the pattern
# should read the same in every process (the lookahead's result does not depend on the order).
_NOT_FIELD_WORD = (
    r"(?!(?i:"
    + "|".join(sorted((re.escape(t) for t in SOCIAL_CARE_TERMS), key=lambda t: (-len(t), t)))
    + r")\b)"
)
# A missing field in an exported record: the address goes on after it.
_MISSING = r"(?:" + "|".join(EMPTY_FIELD_WORDS) + r")(?=" + BEFORE_NUMBER_OR_LINE_END + r")"
# A second name of a place or region in brackets: "Cyprus (Greek)", "ΑΣΚΕΙΑ (ΑΣΣΕΙΑ)".
_AKA = r"\(" + _NOT_FIELD_WORD + r"\p{Lu}[^()\n,]{0,28}\)"
# A UK postcode closing the block ("Leeds\nLS9 8ZZ"): taken whole, so the block never ends
# inside it. A UK postcode's letters are ASCII capitals (this pattern read any script's).
_POSTCODE = r"(?-i:" + POSTCODE_SHAPE + r")(?![^\W_])"
_PART = (
    r"(?:"
    + "|".join(
        (
            _POSTCODE,
            _UNIT,
            _NUM,
            _MISSING,
            # A capitalised word is taken whole: no part ends inside a token ("LS" of "LS9").
            _NOT_FIELD_WORD + _CAP + r"(?![^\W_])",
            _LOWER_STREET,
            _PARTICLE,
            _AKA,
        )
    )
    + r")"
)

_MONTH = re.compile(r"^" + MONTH_WORD + r"\.?$", re.IGNORECASE)
_WEEKDAY_NAMES = re.compile(
    r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?$", re.IGNORECASE
)
_STREET_WORD = re.compile(
    r"\b(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Place|Pl"
    r"|Gardens|Terrace|Grove|Walk|Hill|Square|Sq|Mews|Rise|Parade|Row|Boulevard|Blvd|Highway"
    r"|Hwy|Parkway|Plaza|Rue|Rua|Via|Calle|Avenida|Piazza|Ulica|View|Wharf|Vale|Green|Bank"
    r"|Croft|Fold|Garth|Mount|Approach|Chase|Meadows?|Heights|Quay|Yard|Brow|Wynd)\b\.?"
    # One-word street names: "Kingsway", "Broadway", "Kirkgate", "Briggate".
    r"|\b[A-Z][a-z]{2,}(?:way|gate)\b"
    r"|(?<![\w.])"
    + _LOWER_STREET
    + r"|[^\W\d_]{3,}(?:straße|strasse|gasse|weg|gatan|vägen|vej|katu|tie|laan|straat|plein|gade"
    r"|veien|vegen|kuja|polku|tee|gränd|stig|väg)\b",
)
#: Street words that come before the street's name, and one-word street names.
_STREET_FIRST = re.compile(
    r"(?:Boulevard|Blvd|Avenue|Rue|Rua|Via|Calle|Avenida|Piazza|Ulica|Plaza|[A-Z][a-z]{2,}(?:way"
    r"|gate))\b",
)
#: Capitalised words that open sentences or cite laws, never parts of an address.
_NOT_ADDRESS_WORDS = frozenset(
    """on in at the a an of and to for by from with as article articles protocol section
    paragraph para no act rule regulation chapter schedule part page vol volume series annex
    appendix between since until during after before""".split()
)
_UNIT_RE = re.compile(r"^" + _UNIT + r"$")
_NUM_RE = re.compile(r"^" + _NUM + r"$")
_TOKEN = re.compile(r"[^\s,>]+")


class AddressBlockRecognizer(PresetPatternRecognizer):
    """A run that starts with a number and reads like an address, redacted whole."""

    ENTITY: ClassVar[str] = ADDRESS
    # Capitals mark the parts of an address; IGNORECASE would make every word one.
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.MULTILINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "address block",
            # Not a police collar number ("PC 4521 HARRIS"): that number belongs to a name.
            r"(?<![\w/.:\-])(?<!\b(?:PC|DC|PS|DS|DI|DCI|Sgt|PCSO)[ ])"
            # An office's floor may open it: "3rd Floor, Cavendish House, 12 Park Row".
            + r"(?:[0-9]{1,2}(?:st|nd|rd|th)[ ](?:Floor|FLOOR|floor)|"
            + _NUM
            + r")(?:"
            + _SEP
            + _PART
            + r"){1,20}"
            # A number with an age's unit after it is an age, not a house: "Hope 4, River 22
            # months" lists children; "BW 2.1kg" is a weight. Nor does a match end inside one.
            + r"(?![0-9]|\.[0-9]|[ \t]*(?i:months?|mths?|yrs?|years?|weeks?|wks?|days?|yo|y/o"
            r"|kg|g|lbs?|oz|ml|mg|mcg|cm|mm|%)(?![^\W\d_]))",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "address",
        "live",
        "lives",
        "living",
        "moved",
        "located",
        "send",
        "post",
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        tokens = _TOKEN.findall(pattern_text)
        caps = [t for t in tokens if t[0].isupper() and not _UNIT_RE.match(t)]
        if not caps or any(
            _MONTH.match(t)
            or _WEEKDAY_NAMES.match(t)
            or t.lower().rstrip(".") in _NOT_ADDRESS_WORDS
            for t in caps
        ):
            return False  # "12 March 2024", "1. On 14 October", "Article 6": not addresses
        has_unit = any(_UNIT_RE.match(t) for t in tokens)
        # An English street word straight after the house number names no street ("2 Court
        # Hearings"); continental ones lead ("102 Boulevard Saint-Michel").
        has_street = any(
            not _NUM_RE.match(pattern_text[: m.start()].split()[-1].rstrip(","))
            or _STREET_FIRST.match(m.group(0))
            for m in _STREET_WORD.finditer(pattern_text)
            if pattern_text[: m.start()].split()
        )
        if has_street or has_unit:
            return True
        # With neither, a number after a name must follow a word, not a lone letter ("48 62 91
        # C, 4 weeks": a NI number's suffix), and a block that opens with a list number and a
        # capital ("8. Missed 3") is a new sentence, not a house.
        named = [i for i, t in enumerate(tokens) if t in caps and len(t.strip(".,'’")) >= 2]
        sentence_end = tokens[0].endswith(".") and tokens[1][0].isupper()
        if not named or sentence_end:
            return False
        number_after_name = any(_NUM_RE.match(t) for t in tokens[named[0] + 1 :])
        return number_after_name and len(tokens) >= 3
