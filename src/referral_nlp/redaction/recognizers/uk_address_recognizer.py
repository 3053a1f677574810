"""UkAddressRecognizer: street addresses, flats and named buildings.

Stock Presidio has no address recogniser; spaCy tags towns but not "Flat 3, 12 Elm Road". The
patterns cover UK forms (flat or house number, street name, street suffix, optional town) and the
continental "Street-name 12" order that appears in international records.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.recognizers.uk_postcode_recognizer import POSTCODE_SHAPE
from referral_nlp.redaction.taxonomy import ADDRESS
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

_SUFFIX = (
    # A few streets are named in the plural: "48 Green Lanes".
    r"(?:Road|Rd|Street|St|Avenue|Ave|Av|Lanes?|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct"
    r"|Place|Pl|Gardens|Gdns|Terrace|Tce|Terr|Grove|Gr|Walk|Hill|Park|Square|Sq|Mews|Rise|View"
    r"|Parade|Row|Green|Boulevard|Blvd|Highway|Hwy|Estate|Wharf|Quay|Yard|Vale|Meadows?|Fields"
    r"|Heights|Circle|Cir|Trail|Parkway|Pkwy|Plaza|Alley|Loop|Brow|Bank|Chase|Gate|Croft"
    r"|Approach|Broadway|Embankment|Pass|Port|Ridge|Run|Spur|Track|Path|Fold|Garth|Wynd"
    # Hurried notes write the suffix in lower case ("6 Gordon terrace"); only words that are
    # rarely anything but a street suffix after a number and a name are accepted that way.
    r"|road|street|avenue|lane|close|drive|crescent|terrace|grove|gardens|mews|Mount)"
)
# A whole address in lower case ("39 quarry terrace, ealing"): only with a full suffix word, and
# not a house type ("3 bed terrace").
_LOWER_SUFFIX = (
    r"(?:road|street|avenue|lane|close|drive|crescent|terrace|grove|gardens|mews|court|way|place"
    r"|view|vale|parade|row|walk|rise|fold|square|heights"
    # Abbreviations no everyday word spells ("22 cragg ave", "61 narborough rd", "31 church
    # tce"); "st" only where the street ends ("52 oak st.", "9 park st at 4pm"), as it is as
    # often a saint after a count ("2 kids st marys", "attend st. annes").
    r"|rd|ave|crt|cres|gdns|tce|terr"
    r"|st(?=\s*(?:[,;\n|]|\.(?!\s*[a-z]{3,}s\b)|$)|\s+(?:at|on|in|with|near|for|and|by|from|to)\b))"
)
# The town after a lower-case street: one or two words, then punctuation, the end or a postcode.
_LOWER_TOWN = (
    r"(?:,\s*(?:st\s+)?[a-z]{3,}(?:\s+[a-z]{3,})?(?=\s*(?:[,.;\n|]|$|\s+[A-Za-z]{1,2}[0-9])))?"
)
_LOWER_STREET = (
    # Not a count or a distance: "3 bed terrace", "walked 2 miles rd to school".
    r"\b[0-9]{1,4}[a-z]?\s+(?!(?:bed|bedroom|storey|story|miles?|mins?|minutes?|hours?|hrs"
    r"|days?|weeks?|times|kids|children|pupils|people|yards|metres|meters)\b)"
    r"[a-z]{3,}(?:\s+[a-z]{3,})?\s+" + _LOWER_SUFFIX + r"\b" + _LOWER_TOWN
)
# The same in capitals: "20 WORDSWORTH PLACE, LEEDS".
_UPPER_STREET = (
    r"\b[0-9]{1,4}[A-Z]?\s+(?:[A-Z][A-Z'’\-]{2,}\s+){1,2}"
    r"(?:ROAD|STREET|AVENUE|LANE|CLOSE|DRIVE|CRESCENT|TERRACE|GROVE|GARDENS|MEWS|COURT|WAY"
    # "ST" is left out, as in lower case: "AGED 12 ATTENDS ST MARYS".
    r"|PLACE|VIEW|VALE|PARADE|ROW|WALK|RISE|FOLD|SQUARE|HEIGHTS|GREEN|HILL|RD|AVE)\b"
    r"(?:,\s*[A-Z]{3,}(?:\s+[A-Z]{3,})?\b)?"
)
# A pitch on a Gypsy/Traveller or caravan site, or a boat's berth or mooring, is the family's
# home address as much as a flat is.
_SITE_UNIT = r"(?:Pitch|PITCH|Plot|PLOT|Berth|BERTH|Mooring|MOORING)"
_SITE = r"(?:Caravan\s+(?:Park|Site)|Travellers?['’]?\s+(?:Site|site)|Site|Marina)"
_UNIT = (
    r"(?:(?:Flat|flat|FLAT|Flt|flt|Apartment|apartment|Apt|apt|Unit|unit|Room|Suite|Ste|Floor"
    r"|Block|"
    + _SITE_UNIT
    # "Flat C" as well as "Flat 3b".
    + r")\.?\s*(?:[0-9]{1,4}[A-Za-z]?|[A-Z](?![\w']))"
    # A flat named by its floor, with no number: "Top flat", "Ground floor flat".
    r"|\b(?i:top|ground|first|second|third|basement|upper|lower|attic|rear|front)[ ]"
    r"(?i:floor[ ])?(?i:flat)\b)"
)
# "no. 9 Larch Close", "number 12 Elm Road": the house-number cue belongs to the address.
_HOUSE_NO = r"(?:(?:[Nn]o\.?|[Nn]umber)\s*)?"
#: A house number in words, as a dictated or voicemail note has it: "forty-one Kings Road".
_NUMBER_IN_WORDS = (
    r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    # Not "one": "one Bus Pass", "one Youth Court" count things.
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_NAME_WORD = r"[A-Z][A-Za-z'’\-]+"
# A street with no number: one or two capitalised words and a suffix that names little else.
_BARE_STREET = (
    r"(?:" + _NAME_WORD + r"[ ]){1,2}(?:Close|Road|Street|Lane|Avenue|Drive|Crescent|Grove"
    # "St" only where no name follows it, which would make it a saint's ("St Mary's").
    r"|Gardens|Terrace|Mews|Walk|Rise|Rd|St(?![ ]?\.?[ ]?[A-Z]))\b"
)
_BARE_STREET_RE = re.compile(_BARE_STREET)
# A town or region after the street, separated by a comma or a line break (up to three parts).
_TAIL_PART = r"(?:" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,2}|[A-Z]{2}\b)"
# A line that opens a letter or a message, never an address's town: "Hi Claire,".
_GREETING = r"(?:Hi|Hello|Hey|Dear|Good|Morning|Afternoon|Thanks|Thank|Regards|Kind|Best|Many)\b"
# A part on a line of its own must end that line (or stand before a comma, a full stop or a
# postcode): "Beacon House\nHi Claire,\nFollowing my inspection" is an e-mail's next lines.
_TAIL = (
    r"(?:\s*,\s*(?!"
    + _GREETING
    + r")"
    + _TAIL_PART
    + r"|[ \t]*\n\s*(?!"
    + _GREETING
    + r")"
    + _TAIL_PART
    + r"(?=[ \t]*(?:[,.\n]|$|[A-Z]{1,2}[0-9])))"
)
_BUILDING = (
    r"(?:House|Court|Tower|Towers|Lodge|Mansions|Buildings|Point|Heights|Cottages?|Farm|Manor"
    r"|Villas?|Flats|Centre|Center|Works|Quays)"
)
#: Buildings people live in, which may open a numbered address; a centre names an institution.
_HOME_BUILDING = (
    r"(?:House|Court|Tower|Towers|Lodge|Mansions|Buildings|Point|Heights|Cottages?|Farm|Manor"
    r"|Villas?|Flats)"
)
# After a flat or unit, a mill or barn conversion too ("Unit 2, Carr Mills"); alone these are
# surnames as often ("Jane Chambers, Family Support Worker").
_UNIT_BUILDING = r"(?:" + _BUILDING + r"|Mills?|Chambers|Barns?)"
# Continental street words and endings ("Rue de Virton 38", "Hauptstraße 5", "Koskikatu 25").
_FOREIGN_LEAD = r"(?:Rue|Rua|Via|Viale|Calle|Avenida|Avenue|Piazza|Plac|Ulica|ul\.|Carrer|Strada)"
_FOREIGN_END = (
    r"[A-Z][a-zà-ÿ]+(?:straße|strasse|str\.|gasse|weg|gatan|vägen|vej|katu|tie|laan|straat|plein"
    r"|utca|väg|vag|vagen|gade|vegen|veien)"
)


class UkAddressRecognizer(PresetPatternRecognizer):
    """Street addresses: '12 Elm Road', 'Flat 3, 4 Rose Court, Leeds', 'Rue de X 38'."""

    ENTITY: ClassVar[str] = ADDRESS
    # Case matters here: capitals are what mark a name.
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.DOTALL | re.MULTILINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "number street suffix (town)",
            # A named home building may come first: "Ness House, 41 Wellington Street". Not a
            # centre: "Meadow Lane Health Centre, 63 Foundry Way" is a practice and its address.
            # ... or a house named in the plural with "The" ("The Beeches, 4 Larch Close").
            # A room or a flat may come before the building: "Room 212, Northgate Hotel, ...".
            r"\b(?:(?:"
            + _UNIT
            + r",?\s+)?(?:"
            + _NAME_WORD
            + r"\s+){1,2}(?:"
            + _HOME_BUILDING
            # A hotel or a hostel is a family's address in temporary accommodation.
            + r"|Hotel|Hostel),?\s+|The\s+(?!(?:Grandparents|Parents|Children|Carers|Police"
            r"|Neighbours|Twins|Kids|Boys|Girls|Siblings|Grandchildren|Family|Families|Others|Officers)\b)"
            r"[A-Z][a-z]{2,}s,\s+)?(?:"
            + _UNIT
            + r",?\s+)?"
            + _HOUSE_NO
            + r"[0-9]{1,5}[A-Za-z]?(?:\s*[-–/]\s*[0-9]{1,5}[A-Za-z]?)?,?"
            # A suffix needs a name before it ("2 Court hearings" is no address), but for the
            # streets whose name is the suffix ("12 Broadway").
            # An abbreviated suffix may stand alone ("32 St."): it is no everyday word.
            r"\s+(?:(?:"
            + _NAME_WORD
            + r"\s+){1,3}"
            + _SUFFIX
            + r"|Broadway|Kingsway|(?:St|Rd|Ave|Ln|Cres|Gdns|Tce)(?=\.))\b\.?"
            r"(?:\s*,?\s*" + _UNIT + r")?" + _TAIL + r"{0,3}",
            0.7,
        ),
        Pattern(
            # "the house, forty-one Kings Road, last month": a number in words needs the street
            # to end its clause ("two Park Road shops" counts shops).
            "number in words and street",
            r"\b" + _NUMBER_IN_WORDS + r"[ ]+(?:" + _NAME_WORD + r"[ ]+){1,3}" + _SUFFIX + r"\b"
            r"(?=[ \t]*(?:[,.;:)\n]|$))" + _TAIL + r"{0,2}",
            0.6,
        ),
        Pattern(
            "unit and named building",
            # Two units may stand first: "Room 12, Block C, Pennine Court".
            r"\b(?:" + _UNIT + r",?\s+){1,2}(?:[0-9]{1,5}\s+)?(?:" + _NAME_WORD + r"\s+){1,3}"
            r"(?:" + _UNIT_BUILDING + r"|" + _SUFFIX + r")\b" + _TAIL + r"{0,3}",
            0.7,
        ),
        Pattern(
            "named building",
            r"\b(?:" + _NAME_WORD + r"\s+){1,2}" + _BUILDING + r"\b(?=\s*[,\n])" + _TAIL + r"{1,3}",
            0.45,
        ),
        Pattern(
            "continental street number",
            r"\b(?:" + _FOREIGN_LEAD + r"\s+(?:[A-Za-zà-ÿ'’]+\s+){0,3}|" + _FOREIGN_END + r"\s+)"
            r"[0-9]{1,5}[A-Za-z]?\b" + _TAIL + r"{0,3}",
            0.6,
        ),
        Pattern(
            # "Pitch 12", "Oak Lea Caravan Park, Pitch 4, Leominster", "Mooring No. 7": a site
            # unit stands alone as an address; the site's name and the town go with it.
            "site pitch or mooring",
            r"\b(?:(?:"
            + _NAME_WORD
            + r"\s+){1,3}"
            + _SITE
            + r",?\s+)?"
            + _SITE_UNIT
            + r"\s*(?:[Nn]o\.?\s*)?[0-9]{1,4}[A-Za-z]?\b"
            # ... or after it: "Plot 7, Kesh Lane Travellers' Site".
            + r"(?:,?\s+(?:[A-Z][A-Za-z\-]+\s+){1,3}"
            + _SITE
            + r"\b)?"
            + _TAIL
            + r"{0,2}",
            0.6,
        ),
        Pattern(
            # "plot 6, Meadowbank Traveller site": in lower case a unit needs the site after it
            # ("plot 6 of the graph" is no address).
            "lower-case site pitch before the site",
            r"\b(?:pitch|plot|berth|mooring)\s*(?:no\.?\s*)?[0-9]{1,4}[a-z]?,?\s+"
            r"(?:[A-Z][A-Za-z\-]+\s+){1,3}" + _SITE + r"\b" + _TAIL + r"{0,2}",
            0.6,
        ),
        Pattern(
            # "a trap house on Foxglove Close", "seen off Mill Lane": a street named after a
            # preposition of place needs no house number. Only the suffixes that name little
            # but streets: "Court", "Park", "Hill" or "Green" after "at" are as often a court,
            # a park or a school.
            "street after a preposition",
            # A hurried note drops the preposition after "lives": "gran lives Orchard Walk".
            # "in the Cefn Road car park", "the Cromwell Street flats": the street's article.
            r"(?=[A-Z])(?<=\b(?:on|in|off|along|near|onto|into|from|lives|living)[ ](?:the[ ])?)"
            + _BARE_STREET,
            0.5,
        ),
        Pattern(
            # "Kingsmead Road, Stoke-on-Trent ST4 2DQ": a street with no number is an address
            # when a town and a postcode follow it.
            "street, town and postcode",
            r"\b"
            + _BARE_STREET
            + r"(?:,[ ]?"
            + _TAIL_PART
            + r"){1,2}(?=,?[ ]+"
            + POSTCODE_SHAPE
            + r"\b)",
            0.6,
        ),
        Pattern(
            # Welsh streets put the street word first: "Ffordd y Môr", "12 Heol Las", "Stryd
            # Fawr"; a house may be named before it ("Tŷ Gwyn, Ffordd y Môr").
            "Welsh street",
            # "Tŷ" may be typed without its accent ("Ty'r Cyngor").
            r"\b(?:T[ŷŶy](?:['’]r)?[ ][A-Z][\w'’\-]+,?\s+)?(?:[0-9]{1,4}[A-Za-z]?,?\s+)?"
            # Court, close, row and terrace too ("23 Cwrt y Garreg", "Clos Hafod", "Rhes
            # Fawr"); "Lôn" may lose its accent.
            # ... in capitals too, as a police log writes it ("14 STRYD Y BONT").
            r"(?:Ffordd|Heol|Stryd|L[ôo]n|Rhodfa|Cilgant|Cwrt|Clos|Llys|Rhes|Teras"
            r"|FFORDD|HEOL|STRYD|L[ÔO]N|RHODFA|CILGANT|CWRT|CLOS|LLYS|RHES|TERAS)\s+"
            r"(?:(?:y|yr|Y|YR)\s+)?"
            r"[A-ZÂÊÎÔÛŴŶ][\w'’\-]+(?:[ ][A-ZÂÊÎÔÛŴŶ][\w'’\-]+)?" + _TAIL + r"{0,3}",
            0.6,
        ),
        Pattern("lower-case street", _LOWER_STREET, 0.5),
        Pattern(
            # "nan lives on beech close", "top of hill road": a lower-case street with no number
            # after "on", "off" or "of", only with a whole suffix word and no determiner or
            # adverb before it, and no road described ("on the road", "on very close terms",
            # "on a busy road", "off main road").
            "lower-case street after on or of",
            r"(?:(?<=\bon )|(?<=\boff )|(?<=\bof ))"
            r"(?!(?:the|a|an|this|that|my|his|her|their|our|your|its|very|quite|too|so|really"
            r"|every|such|which|what|whose|each|any|some|no|one|another"
            r"|fairly|pretty|same|wrong|right|quiet|busy|main|long|narrow|dark|wet|icy|back|side"
            r"|local|nearby|next|private|public|dual|slip|country|open)\b)[a-z]{3,}\s+"
            r"(?:road|street|avenue|lane|close|drive|crescent|terrace|grove|gardens)\b",
            0.5,
        ),
        Pattern("capitals street", _UPPER_STREET, 0.5),
        Pattern(
            # "flat 16, thrush court", "flat 11, beech buildings, byron drive, telford": a flat,
            # a lower-case building name, and the street and town when they follow.
            "lower-case flat and building",
            # The comma may be left out, and "house" shortened: "flat 12 kestrel hse".
            r"\b(?:flat|apartment|apt)\.?\s*[0-9]{1,4}[a-z]?,?\s+[a-z]{3,}\s+(?:court|house|hse"
            r"|lodge|mansions|tower|point|heights|view|buildings)\b"
            r"(?:,\s*[a-z]{3,}(?:\s+[a-z]{3,})?\s+" + _LOWER_SUFFIX + r"\b)?"
            r"(?:,\s*[a-z]{3,}(?=\s*(?:[,.;\n|]|$|\s+[A-Za-z]{1,2}[0-9])))?",
            0.5,
        ),
        Pattern(
            # "flat 4, 81 willow square, derby": a flat, then a lower-case street.
            "lower-case flat and street",
            r"\b(?:flat|apartment|apt)\.?\s*[0-9]{1,4}[a-z]?,\s+" + _LOWER_STREET,
            0.5,
        ),
        Pattern(
            "unit number",
            r"\b(?:Flat|flat|FLAT|Flt|flt|Apartment|apartment|Apt|Suite|Ste)\.?\s*[0-9]{1,4}[A-Za-z]?\b",
            0.4,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "address",
        "lives",
        "living",
        "resides",
        "residing",
        "moved",
        "home",
        "at",
        "flat",
    ]

    #: Courts are institutions, not homes: "Crown Court" is left to the organisation rules.
    NOT_BUILDINGS = frozenset(
        {"crown", "family", "magistrates", "county", "high", "youth", "supreme", "appeal"}
    )

    def validate_result(self, pattern_text: str) -> bool | None:
        first = pattern_text.split(None, 1)[0].lower() if pattern_text.strip() else ""
        if first in self.NOT_BUILDINGS:
            return False
        # A street with no number ("on Foxglove Close") needs a name: "on The Walk", "in Care
        # Road"-like phrases open with a stop or field word.
        if _BARE_STREET_RE.fullmatch(pattern_text) and (
            first in SOCIAL_CARE_TERMS or first in STOP_WORDS
        ):
            return False
        return None
