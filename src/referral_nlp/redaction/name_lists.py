"""Name gazetteers used by the person recogniser.

First names come from the US Census 1990 lists shipped by the MIT-licensed ``names`` package
(public-domain data) plus a short supplement of names common in English caseloads that the census
lacks. Surnames are the census's most frequent ones, with a supplement of the same kind. Both
load lazily and once.
"""

from __future__ import annotations

import functools
from importlib import resources

from referral_nlp.redaction.normalise import plain_latin

#: Census surnames below this frequency rank are skipped: the long tail is full of common words.
SURNAME_RANK_LIMIT = 20_000

#: Name-like words that are also everyday English; they count as names only when capitalised
#: mid-sentence, never when lower-case.
AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    """
    will hope grace may june april august rose mark bill sunny faith joy summer dawn amber ruby
    pearl jack frank ray bob sky river an in long young page chase hunter mason glen dale art
    penny holly ivy iris lily daisy violet robin gene guy sue pat don else king love star storm
    miles bishop carter cook taylor baker walker white black brown green grey gray wood hall hill
    price rich bell stone lane field case sale may june early child mother father son parent
    """.split()
)
#: Words that end a place's name after a forename, never a person's: "KIERAN HOUSE", "ABBEY
#: LN", "ST JOHN FISHER SCHOOL". Surnames that are also place words ("GREEN", "HILL", "COURT")
#: are left out: "STACEY GREEN" is a person more often than "ABBEY GREEN" a place.
PLACE_WORDS: frozenset[str] = frozenset(
    """street st road rd avenue ave lane ln drive dr way close cl ct place pl square sq terrace
    tce crescent cres grove gardens gdns mews walk rise view house lodge centre center school
    academy college surgery practice primary nursery church chapel mosque temple fair club
    park ward dock station camp valley pub inn hotel bar cafe shop store
    """.split()
)
#: The forenames the stop list holds, which the tagger reads as modals: "Will", "May" (not
#: "in", "an" or "else", which ``AMBIGUOUS_NAMES`` holds as words that are rarely names).
MODAL_NAMES: frozenset[str] = frozenset({"will", "may"})
#: The word-names a note capitalises in mid-sentence only as a forename ("Mum took Summer to the
#: GP"): not the months, surnames and nouns among them ("in May", "Mr Cook", "rated Amber", "in
#: Art", "Star of the Week").
WORD_FORENAMES: frozenset[str] = frozenset(
    """hope grace rose mark bill sunny faith joy summer dawn ruby pearl jack frank ray bob sky
    river penny holly ivy iris lily daisy violet robin gene guy sue pat don glen dale mason
    hunter poppy favour gift miracle""".split()
)

#: First names in the census lists that open a sentence far more often as the everyday noun
#: ("Winter was hard", "Justice was done"); a rule that reads a note's first word as a name
#: from the lists alone leaves these out.
COMMON_NOUN_NAMES: frozenset[str] = frozenset(
    """spring autumn winter patience harmony destiny trinity royal major crystal honey candy
    cherry ginger olive clay cliff sage justice sterling earl rocky buck dusty rusty misty
    mercy chance liberty lady angel noble grant""".split()
)


#: First names that a note writes in lower case as something else: a child's words for the
#: body recorded as said ("willy", "minnie"), cars, toys, shops and towns more often written than
#: the name. A lower-case word in the lists that no dictionary holds is otherwise a name.
NOT_LOWER_NAMES: frozenset[str] = frozenset(
    """hiya aswell inlaws
    willy willie minnie fanny dick barney kia mercedes porsche octavia skoda alexa siri barbie
    dora kirby mario luigi zelda peppa preston dudley clifton hilton lourdes allegra tesco asda
    aldi lidl nan""".split()
)
#: First names that are drug slang too ("using charlie", "taking mandy", "tina use"): words of
#: using, buying or selling around them say which ("me n charlie went" is a name).
DRUG_SLANG_NAMES: frozenset[str] = frozenset("charlie charly mandy tina roxy molly".split())
DRUG_WORDS_BEFORE: frozenset[str] = frozenset(
    """use uses using used take takes taking took smoke smokes smoking snort snorting sniff
    sniffing sell sells selling sold deal deals dealing buy buys buying bought on of
    drugs""".split()
)
DRUG_WORDS_AFTER: frozenset[str] = frozenset(
    "dealer dealers dealing use user users habit line lines bag bags gram grams wrap wraps".split()
)

#: Honorifics and ranks that precede a name; part of the PERSON span, never a name themselves.
TITLES: frozenset[str] = frozenset(
    """mr mrs ms miss mx dr prof pc dc ds di dci ps sgt insp supt pcso cllr rev fr sir dame
    lord lady judge master mstr madam mme mlle herr frau""".split()
)
#: Abbreviated titles, which never sit inside a name ("Lord" and "Master" can: "Mr A Lord").
SHORT_TITLES: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr prof pc dc ds di dci ps sgt insp supt pcso cllr rev".split()
)
#: Lower-case particles inside names ("van der Berg", "bin Said").
PARTICLES: frozenset[str] = frozenset(
    # Welsh (ap, ab: "son of"; ferch, verch: "daughter of"), Irish and Scottish Gaelic (mac, nic,
    # ní, ó) and Arabic (abu) as well as the continental ones: a name written with its
    # particle in lower case ("Dafydd ap Rhys") must not lose the part after it.
    "van von de der den da di du la le del della al el bin bint ibn ter ap ab ferch verch mac nic"
    # ... and as typed without the accent ("Siobhan Ni Bhriain").
    " ní ni ó abu".split()
)


def _census_names(filename: str, limit: int | None = None) -> set[str]:
    names_pkg = resources.files("names")
    out: set[str] = set()
    with names_pkg.joinpath(filename).open(encoding="utf-8") as fh:
        for rank, line in enumerate(fh):
            if limit is not None and rank >= limit:
                break
            word = line.split(" ", 1)[0].strip().lower()
            if len(word) > 1:
                out.add(word)
    return out


class NameList(frozenset):
    """Lower-case names that also hold a name written with accents: "siân" is in it when "sian"
    is. The lists spell names as English records do, and the names of Welsh, Irish, Polish or
    Vietnamese families leaked where their accents hid them (issue 12's fifth probe)."""

    def __contains__(self, word: object) -> bool:
        return frozenset.__contains__(self, word) or (
            isinstance(word, str)
            and not word.isascii()
            and frozenset.__contains__(self, plain_latin(word))
        )


@functools.lru_cache(maxsize=1)
def first_names() -> NameList:
    """Lower-case first names from the census lists and the project's supplement."""
    found = _census_names("dist.male.first") | _census_names("dist.female.first")
    return NameList(found | _supplement("first_names_extra.txt"))


@functools.lru_cache(maxsize=1)
def surnames() -> NameList:
    """Lower-case common surnames (census rank below :data:`SURNAME_RANK_LIMIT`)."""
    return NameList(
        _census_names("dist.all.last", SURNAME_RANK_LIMIT) | _supplement("surnames_extra.txt")
    )


def _supplement(file_name: str) -> set[str]:
    """Lower-case names from a supplement in ``data/`` (``#`` lines are comments)."""
    path = resources.files("referral_nlp.redaction").joinpath("data", file_name)
    return {
        word.lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for word in line.split()
    }
