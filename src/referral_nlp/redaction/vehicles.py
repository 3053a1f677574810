"""Vehicle makes, models and nouns: the words of a car's description.

Exploitation and missing-episode notes describe the car a child was seen getting into: "a silver
Vauxhall Corsa KT68 PLM", "black BMW 3-series". Two facts follow from these words. The plate
after them is a vehicle registration, cue or no "reg" (VehicleRegistrationRecognizer reads
``VEHICLE_DESCRIPTION``), and the description itself names no one: NER reads "Vauxhall Corsa" as a
person and "Ford Fiesta" as an organisation, and :func:`is_vehicle_description` turns those away.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.name_lists import first_names, surnames

#: Makes sold in numbers in the UK ("Land Rover", "Range Rover" as two words each).
MAKES: frozenset[str] = frozenset(
    """vauxhall ford bmw audi vw volkswagen toyota nissan kia hyundai peugeot renault citroen
    citroën fiat mercedes mercedes-benz merc skoda škoda seat honda mazda mini volvo tesla
    suzuki mitsubishi jaguar lexus porsche dacia cupra subaru jeep chevrolet chrysler dodge
    alfa smart ssangyong mg byd polestar yamaha vespa piaggio lambretta""".split()
)
#: Two-word makes.
MAKE_PAIRS: frozenset[str] = frozenset({"land rover", "range rover", "alfa romeo"})
#: Models common on UK roads: vans, hatchbacks, and the bikes and mopeds of delivery work.
MODELS: frozenset[str] = frozenset(
    """corsa astra insignia zafira mokka vivaro movano combo fiesta focus mondeo kuga transit
    ka puma galaxy s-max ranger golf polo passat tiguan touran caddy crafter sharan up
    yaris aygo corolla prius auris rav4 hilux qashqai juke micra note navara leaf sportage
    ceed picanto rio sorento niro i10 i20 i30 tucson 107 108 206 207 208 307 308 2008 3008
    partner clio megane captur kangoo trafic master scenic berlingo c1 c3 c4 dispatch relay
    punto panda ducato doblo 500 octavia fabia superb yeti kodiaq ibiza leon ateca civic
    jazz cr-v accord mx-5 cooper clubman countryman sprinter vito evoque discovery defender
    freelander xc90 xc60 xc40 v40 v60 v70 s60 a1 a3 a4 a5 a6 q2 q3 q5 q7 tt""".split()
)
#: Nouns for a vehicle ("van", "moped") and the colours that describe one.
VEHICLE_NOUNS: frozenset[str] = frozenset(
    """car cars van vans motorbike motorbikes motorcycle moped mopeds scooter taxi cab
    hatchback saloon estate suv 4x4 pickup pick-up minibus lorry jeep""".split()
)
COLOURS: frozenset[str] = frozenset(
    """silver black white grey gray red blue dark light navy green yellow orange gold bronze
    maroon burgundy purple beige metallic""".split()
)
#: A model code: "3-series", "A3", "C-class", "X5", "series".
_MODEL_CODE = re.compile(r"[0-9]{1,3}(?:-?series)?|[a-z]{1,2}-?[0-9]{1,3}|[a-z]-class|series|class")
_WORD = re.compile(r"[^\W_]+(?:[\-'][^\W_]+)*")


def _regex_words(words: frozenset[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", "[ ]") for w in sorted(words, key=len, reverse=True)
    )


#: A vehicle's description straight before its plate: colour, make, model and noun words, at
#: least one of them a make, model or noun ("silver Vauxhall Corsa", "Ford Fiesta", "BMW
#: 3-series", "van"), spaced by single spaces or a comma. For VehicleRegistrationRecognizer.
VEHICLE_DESCRIPTION = (
    r"(?:(?:" + _regex_words(COLOURS) + r")[ ])?"
    r"(?:" + _regex_words(MAKE_PAIRS | MAKES) + r")"
    r"(?:[ ](?:"
    + _regex_words(MODELS)
    + r"|[0-9]{1,3}-?series|[a-z]{1,2}-?[0-9]{1,3}|[a-z]-class))?"
    r"(?:[ ](?:" + _regex_words(VEHICLE_NOUNS) + r"))?"
)


def is_vehicle_description(span_text: str) -> bool:
    """True for a make and model ("Vauxhall Corsa", "Audi A3", "Silver Transit van"), which
    names no person or organisation: every word a colour, make, model, model code or vehicle
    noun, and at least one a make, model or model code no name list holds. A make that is
    also a name ("Ford", "Mercedes") is left to the name rules unless such a word is with it."""
    words = [w.lower() for w in _WORD.findall(span_text)]
    if len(words) < 2:
        return False
    low = " ".join(words)
    pairs = [p for p in MAKE_PAIRS if p in low]
    for pair in pairs:
        low = low.replace(pair, "")
    rest = low.split()
    known = MAKES | MODELS | VEHICLE_NOUNS | COLOURS
    if not all(w in known or _MODEL_CODE.fullmatch(w) for w in rest):
        return False
    # A make or model that is also a name ("Kia", "Mercedes", "Cooper") vouches for nothing:
    # "Mercedes Black" and "Kia Cooper" are people. One word no name list knows must be there.
    names = first_names() | surnames()
    return bool(pairs) or any(
        (w in MAKES or w in MODELS or _MODEL_CODE.fullmatch(w)) and w not in names for w in rest
    )
