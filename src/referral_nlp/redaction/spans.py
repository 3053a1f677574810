"""Detected spans: the public ``Entity`` type, clean-up, identifiers carved out and overlaps merged.

Presidio returns one result per recogniser hit, and different recognisers overlap (an ADDRESS
containing a POSTCODE, a spaCy PERSON inside our title rule). The redactor needs exactly one span
per region, so overlapping results are merged here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.date_candidates import is_calendar_date
from referral_nlp.redaction.date_parts import (
    date_end_before_time,
    date_start_after_time,
    is_time_range,
)
from referral_nlp.redaction.hyphenated_names import whole_hyphenated_words
from referral_nlp.redaction.letterless_names import without_letterless_names
from referral_nlp.redaction.name_cues import LETTER_DESIGNATED
from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    PARTICLES,
    SHORT_TITLES,
    TITLES,
    first_names,
)
from referral_nlp.redaction.recognizers.identifying_organisation_recognizer import (
    is_lower_case_institution,
)
from referral_nlp.redaction.span_lines import line_parts
from referral_nlp.redaction.vehicles import is_vehicle_description
from referral_nlp.redaction.vocabulary import (
    FIELD_LABELS,
    RAG_COLOURS,
    RAG_RATING,
    SOCIAL_CARE_TERMS,
    STATUTE_BEFORE_YEAR,
    is_field_vocabulary,
    is_institutional,
    is_legal_order,
    is_named_instrument,
    is_public_body,
    role_compound_end,
    strip_leading_labels,
    strip_leading_roles,
    strip_leading_vocabulary,
    strip_trailing_labels,
)


@dataclass(frozen=True, order=True)
class Entity:
    """One redacted region: character offsets into the original text (end exclusive)."""

    start: int
    end: int
    entity_type: str
    score: float

    def to_dict(self) -> dict:
        d = asdict(self)
        d["score"] = round(self.score, 4)
        return d


#: Types whose candidates come from NER or capitalisation and may be field vocabulary.
_VOCABULARY_CHECKED = {
    taxonomy.PERSON,
    taxonomy.ORGANISATION,
    taxonomy.LOCATION,
    taxonomy.NRP,
    taxonomy.DATE,
}
#: Obstetric history ("G3P2", "G2 P1+1") is clinical shorthand, no name, group or place.
_GRAVIDA_PARA = re.compile(r"G\d{1,2}\s?P\d{1,2}(?:\+\d{1,2})?")
_LEADING_DETERMINER = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
_LOWER_DETERMINER = re.compile(r"(?:the|a|an)\s+")
#: "Seen by A Okoro", "A OKORO": a capital A before one surname is its initial, not the article.
_INITIAL_A_SURNAME = re.compile(r"A [A-Z][^\W\d_]*(?:['-][^\W\d_]+)*")
#: "Op Orochi" is a police operation; "Clare's Law" a disclosure scheme: neither is a person.
_NOT_A_PERSON_BEFORE = re.compile(r"\b(?:Op|Operation|OP)\.?\s+$")
#: "Fraser guidance", "Gillick competence": a legal test named after a case, not a person.
_NOT_A_PERSON_AFTER = re.compile(
    r"['’]s\s+Law\b|\s+(?:guidance|guidelines|competen(?:ce|cy|t)|ruling|criteria|principles)\b",
    re.IGNORECASE,
)
_RAG_PREFIX = re.compile(
    r"(?P<rag>RAG\s+)?(?:" + "|".join(sorted(RAG_COLOURS)) + r")\b[\s,;:\-–]*", re.IGNORECASE
)
#: A capitalised word or a collar number straight after a span: "Mrs" of "Mrs He" or "PS" of
#: "PS 5260 NWOSU" may stand for the name.
_NAME_AFTER = re.compile(r"\.?[ ]+[A-Z0-9]")
_ONE_WORD_POSSESSIVE = re.compile(r"[^\W\d_][\w\-]+['’]s")
#: A possessive after a name of two letters or more: "Kerry Hughes's partner".
_NAME_POSSESSIVE = re.compile(r"(?<=[^\W\d_]{2})['’]s$")
#: NER types that name something with a capital: "x3", "dietitian" are not places or groups.
_CAPITALISED_TYPES = {taxonomy.ORGANISATION, taxonomy.LOCATION, taxonomy.NRP}
#: A rank or honorific, then a capitalised word: "DC Chambers", "PS 6747 ASHWORTH".
_TITLED_NAME = re.compile(
    r"(?i:mr|mrs|ms|miss|mx|dr|pc|dc|ps|ds|di|dci|sgt|insp|supt|pcso)\.?\s+(?:\d{2,6}\s+)?[A-Z]"
)
_TITLE_BEFORE = re.compile(r"\b(?i:mr|mrs|ms|miss|mx|dr)\.?[ ]+$")
_INITIAL_BEFORE = re.compile(r"(?<![\w.'’])[A-Z]\.[ ]\Z")
#: "P.M." and "E.g." after a name are no initial: a letter follows the stop.
_INITIAL_AFTER = re.compile(r"[ ][A-HJ-Z](?=\.(?![A-Za-z])|[ \t]*(?:[:(),;\n]|\Z))")
#: One or two initials before a span that opens with an initial ("A F Warsame", "J. R. Okafor"):
#: a capital letter with an optional full stop, a space after each, nothing alphanumeric
#: before them. Read backwards from the span's start, so the pattern is anchored at the end.
_INITIALS_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z]\.?[ ]){1,2}\Z")
_OPENS_WITH_INITIAL = re.compile(r"[A-Z]\.?[ ]")
_WORD_BEFORE_INITIAL = re.compile(r"([^\W\d_]+)[ ]\Z")
_TIMES_COUNT = re.compile(r"[xX]\d{1,3}")
#: A numbered room ("Interview Room 2", "Room 4B"): where a meeting was, which NER reads as an
#: organisation. A hospital ward or bay stays redacted: it says where a child lies.
_NUMBERED_ROOM = re.compile(
    r"(?:(?:interview|conference|meeting|consultation|contact|family|therapy|quiet|side)\s+)?"
    r"room\s+[A-Z]?[0-9]{1,3}[A-Z]?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"[0-9]{4}")
_LEADING_GREETING = re.compile(
    r"(?:hi|hiya|hello|hey|morning|afternoon|evening|good\s+(?:morning|afternoon|evening))"
    r"\b[\s,]+",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"[\s,(]+\d[\w/]*\W*$")
_EDGE_JUNK = " \t\r\n,;:.()[]{}\"'“”‘’-–—"

#: When results tie on coverage, the more specific type wins.
_TYPE_PRIORITY = [
    taxonomy.NHS_NUMBER,
    taxonomy.NI_NUMBER,
    taxonomy.UPN,
    taxonomy.ULN,
    taxonomy.EMAIL_ADDRESS,
    taxonomy.CREDIT_CARD,
    taxonomy.IBAN_CODE,
    taxonomy.DRIVING_LICENCE,
    taxonomy.PASSPORT_NUMBER,
    taxonomy.BANK_ACCOUNT,
    taxonomy.HOSPITAL_NUMBER,
    taxonomy.VEHICLE_REGISTRATION,
    taxonomy.PHONE_NUMBER,
    taxonomy.POSTCODE,
    taxonomy.CASE_REFERENCE,
    taxonomy.USERNAME,
    taxonomy.DATE_OF_BIRTH,
    taxonomy.IP_ADDRESS,
    taxonomy.URL,
    taxonomy.ADDRESS,
    taxonomy.PERSON,
    taxonomy.ORGANISATION,
    taxonomy.DATE,
    taxonomy.AGE,
    taxonomy.LOCATION,
    taxonomy.NRP,
]
_PRIORITY = {name: i for i, name in enumerate(_TYPE_PRIORITY)}


# Lower-case words an organisation name may hold: fillers, and the supplementary school written
# after its mosque ("Parkgate Mosque madrassa").
# A name particle ("ap", "bin") is lower case too: spaCy often tags "Dafydd ap Rhys" an ORG.
_ORG_FILLER = (
    frozenset({"of", "and", "&", "the", "for", "und", "y", "madrassa", "madrasa"})
    # Welsh, Irish and Gaelic articles and the school word after a hyphen ("Bun-sgoil Thobar
    # Bhrìde", "Gaelscoil an Chrainn Bháin", "Ysgol y Deri").
    | frozenset({"yr", "an", "na", "nan", "sgoil"})
    | PARTICLES
)
_ALNUM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _plausible_organisation(value: str) -> bool:
    """spaCy's ORG fires on sentence openings, acronyms and school years in referral notes.

    An organisation name is capitalised throughout (but for filler words) and is not a short
    acronym (agencies such as CAMHS are the field's vocabulary, not identifiers).
    """
    words = _ALNUM_WORD.findall(value)
    if not words:
        return False
    if any(w[0].islower() and w.lower() not in _ORG_FILLER for w in words):
        return False
    # A lone word in capitals is an acronym or a heading ("CAMHS", "FACTS"), not a name.
    return not (len(words) == 1 and words[0].isupper())


def _rag_rating_prefix(text: str, start: int, value: str) -> int:
    """Characters of ``value`` that are a RAG rating ("RAG GREEN", "AMBER, " after "RAG rating:"),
    with the punctuation after them; 0 when it opens with none."""
    m = _RAG_PREFIX.match(value)
    if not m:
        return 0
    if m.group("rag") or RAG_RATING.search(text, max(0, start - 20), start):
        return m.end()
    return 0


def clean_results(text: str, results: Iterable[RecognizerResult], wanted: set[str]) -> list[Entity]:
    """Canonical types, trimmed edges, and no vocabulary-only or duration-only spans."""
    out: list[Entity] = []
    for r in results:
        etype = taxonomy.canonical_entity(r.entity_type)
        if etype not in wanted:
            continue
        start, end = _within_lines(text, r.start, r.end)
        lines = line_parts(text, start, end, etype)
        if len(lines) > 1 and _short_label_line(text, *lines[0]):
            lines = [(start, end)]  # the first line is a label ("NI" / "61089"): read it whole
        parts = [
            part
            for line in lines
            for part in (_sentences(text, *line) if etype in _VOCABULARY_CHECKED else [line])
        ]
        for part in parts:
            span = _clean_span(text, etype, *part)
            if span is not None:
                out.append(Entity(span[0], span[1], etype, float(r.score)))
    return without_letterless_names(text, out)


#: A sentence end inside a span: a word of two or more letters, a full stop (or ! ?), space,
#: and a capital ("Easter. Special Guardianship").
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2}[.!?])\s+(?=[A-Z])")
#: Abbreviations whose full stop ends no sentence ("St. Mary's", "Co. Durham", "Mrs. Khan").
_ABBREVIATIONS = TITLES | frozenset(
    "st rd ave no nos co ltd inc jr sr snr jnr vs etc approx dept govt hosp univ".split()
)
#: The word whose full stop (or ! ?) closes the text before a sentence end.
_LAST_WORD_AND_STOP = re.compile(r"([^\W\d_]+)[.!?]$")
#: Types whose spans end in a word: a full stop after it is the sentence's or an abbreviation's.
_NAMED_TYPES = frozenset(
    {taxonomy.PERSON, taxonomy.ADDRESS, taxonomy.LOCATION, taxonomy.ORGANISATION, taxonomy.DATE}
)
#: Abbreviations a name or an address may end in, beside those that end no sentence.
_TRAILING_ABBREVIATIONS = _ABBREVIATIONS | frozenset(
    "esq cres gdns gr cl ln pl sq ter terr ct mt bros plc"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _ends_with_sentence_stop(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends in a full stop after a word of two letters or more that is no
    abbreviation: the sentence's stop, not the name's ("Smith J.", "Baker Jnr.", "Mill Rd.")."""
    if end - start < 3 or text[end - 1] != ".":
        return False
    word = _LAST_WORD_AND_STOP.search(text, start, end)
    return (
        word is not None
        and len(word.group(1)) >= 2
        and word.group(1).lower() not in _TRAILING_ABBREVIATIONS
    )


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at each sentence end inside it: NER runs a span on over a full
    stop ("Easter. Special Guardianship"), and each part must stand on its own."""
    parts = []
    for m in _SENTENCE_END.finditer(text, start, end):
        word = _LAST_WORD_AND_STOP.search(text[start : m.start()])
        if word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        parts.append((start, m.start() - 1))  # the full stop ends the sentence, not the name
        start = m.end()
    parts.append((start, end))
    return parts


#: Words of a line that starts the next field of a form ("Re:", "Crime ref", "Patient"), read
#: with the field labels (``FIELD_LABELS``: "ref", "DOB", ...).
_NEXT_FIELD_WORDS = frozenset(
    """re subject attendance attendees patient victim crime case please requesting edd from to
    cc date time present apologies outcome""".split()
)


def _opens_next_field(line: str) -> bool:
    """Is ``line`` the next field of a form: only field words ("Patient", "Crime ref:"), or a
    label and its value ("EDD 14.08.24")?"""
    words = [w.lower() for w in _ALNUM_WORD.findall(line)]
    if not words:
        return False
    if words[0] in _NEXT_FIELD_WORDS or words[0] in FIELD_LABELS:
        return True
    return all(w in _NEXT_FIELD_WORDS or w in FIELD_LABELS or w in SOCIAL_CARE_TERMS for w in words)


def _short_label_line(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a field label or a code of a few letters ("NI", "DOB")."""
    value = text[start:end].strip(_EDGE_JUNK)
    return len(value) <= 3 or value.lower() in FIELD_LABELS


def _within_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """A span that runs over a line break into the next field of a form stops at the break.

    NER reads a line break as a space ("Northfield General Hospital\nPatient") and address
    rules read on to the next line ("... Rochdale OL16 5BX\nCrime", "... Rotherham\nEDD
    14.08.24"); a last line of field words, or opening with a label, is not part of the value.
    """
    while (nl := text.rfind("\n", start, end)) >= 0 and _opens_next_field(text[nl + 1 : end]):
        end = nl
    return start, end


def _clean_span(text: str, etype: str, start: int, end: int) -> tuple[int, int] | None:
    """The trimmed span of one result, or None when it is no personal data."""
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    # A trailing full stop is kept: it usually belongs to an abbreviation ("Mr.", "Rd.").
    while end > start and text[end - 1] in _EDGE_JUNK and text[end - 1] != ".":
        end -= 1
    if end <= start:
        return None
    if etype in _NAMED_TYPES and _ends_with_sentence_stop(text, start, end):
        # NER takes a note's last full stop into a name ("... sister, Patricia O'Rourke.", "at
        # 3 Ash Grove."). In the placeholder it would end the sentence silently, and the next
        # one would run on; an initial's or an abbreviation's stop ("Smith J.", "Rd.") stays.
        end -= 1
    if etype == taxonomy.PERSON:
        start, end = whole_hyphenated_words(text, start, end)
        # An initial NER left outside: "K. Osei-Bonsu", "J. K. Rowe"; beside its placeholder
        # it would narrow down who is named.
        while (m := _INITIAL_BEFORE.search(text, max(0, start - 3), start)) is not None:
            before = _WORD_BEFORE_INITIAL.search(text, max(0, m.start() - 30), m.start())
            if before is not None and before.group(1).lower() in LETTER_DESIGNATED:
                break  # "Category B. Jessica": the letter names a category
            start = m.start()
    # NER spans open with a determiner ("the Supreme Court"); it is not part of the name.
    if etype in _VOCABULARY_CHECKED:
        # "The Hub Youth Club" keeps its capital "The": it is part of the name.
        pattern = _LOWER_DETERMINER if etype == taxonomy.ORGANISATION else _LEADING_DETERMINER
        m = pattern.match(text, start, end)
        if m and not (etype == taxonomy.PERSON and _INITIAL_A_SURNAME.fullmatch(text, start, end)):
            start = m.end()
    # "Ahmed's" as an ORG: the possessive belongs to the sentence, not to the one-word name.
    if etype in _VOCABULARY_CHECKED and _ONE_WORD_POSSESSIVE.fullmatch(text, start, end):
        end -= 2  # the word itself has two letters or more: "K's" stays whole
    elif etype == taxonomy.PERSON and _NAME_POSSESSIVE.search(text, start, end):
        # NER takes a possessive into a full name ("Kerry Hughes's"); it is the sentence's
        # grammar, and the placeholder without it reads "<PERSON_1> partner". No name ends in
        # "'s", where a shop's or a court's may ("Sainsbury's"), so only a person loses it.
        end -= 2
    if etype in _VOCABULARY_CHECKED and etype != taxonomy.DATE:
        # NER runs a name on into the next field: "Kian WALLACE DOB", "School - DSL".
        end -= strip_trailing_labels(text[start:end])
    if etype in _VOCABULARY_CHECKED and etype != taxonomy.PERSON:
        # ... and opens a value with its field's label: "NFA 12th March" as a DATE, "ULN Kiera
        # Doyle" as an ORG. (A PERSON loses its leading field words below.) A name must still
        # open with a capital after it: "DOB 02/09/2008" as an ORG is left whole, for
        # carve_identifiers to hand the date to its rule, and "NI 61089" stays redacted.
        cut = strip_leading_labels(text[start:end])
        if cut and (etype == taxonomy.DATE or text[start + cut : start + cut + 1].isupper()):
            start += cut
    if etype in _VOCABULARY_CHECKED and (compound := role_compound_end(text, start)) > 0:
        # "Foster carer", "Kinship carer": a role, whatever NER makes of its first word.
        if compound >= end:
            return None
        start = compound
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
    value = text[start:end]
    if (
        etype == taxonomy.PERSON
        and _ALNUM_WORD.fullmatch(value.strip("."))
        and value.strip(".").lower() in SHORT_TITLES
        and not _NAME_AFTER.match(text, end)
    ):
        return None  # "mum (MS)": a title with no name after it names no one
    if etype == taxonomy.PERSON and _TIMES_COUNT.fullmatch(value):
        return None  # "missed immunisations x3": a count, which NER reads as a name
    if etype in _VOCABULARY_CHECKED and _NUMBERED_ROOM.fullmatch(value):
        return None
    if (
        etype == taxonomy.DATE
        and _YEAR.fullmatch(value)
        # The longest statute's name ("Youth Justice and Criminal Evidence Act ") must fit.
        and STATUTE_BEFORE_YEAR.search(text, max(0, start - 64), start)
    ):
        return None
    titled_person = etype == taxonomy.PERSON and _TITLED_NAME.match(value) is not None
    if (
        etype in _VOCABULARY_CHECKED
        and not titled_person  # "DC Chambers", "PC Lord": the title says it is a person
        and (
            is_field_vocabulary(value)
            or is_institutional(value)
            or is_legal_order(value)
            or is_named_instrument(value)
        )
    ):
        return None
    if etype in _CAPITALISED_TYPES | {taxonomy.PERSON} and is_vehicle_description(value):
        # "Vauxhall Corsa" as a PERSON, "Ford Fiesta" as an ORG: a car, not who drives it.
        return None
    if etype == taxonomy.PERSON:
        # NER often takes the role with the name ("Mum Sarah"), or the next field's label
        # ("WALLACE DOB"); the role and the label are signal, keep them. A role after a
        # name stays in it ("Ms E. Stradling Solicitor"): it is how the person is named.
        start += strip_leading_vocabulary(value)
        # A greeting before the name ("Hi Claire,", "Morning Jo") opens the message; "Dear"
        # never reaches here, as NER leaves it out.
        greeting = _LEADING_GREETING.match(text, start, end)
        if greeting and greeting.end() < end:
            start = greeting.end()
        # ... and an age after it ("kyle 6yo"); that is an AGE span of its own.
        trailing = _TRAILING_NUMBER.search(text, start, end)
        if trailing and trailing.start() > start:
            end = trailing.start()
            if not any(c.isupper() for c in text[start:end]) and not _known_first_name(
                text[start:end]
            ):
                # "ref 42/12345/24": the word before a number was no name ("oskar 8" is one)
                return None
        value = text[start:end]
        if _NOT_A_PERSON_BEFORE.search(text, max(0, start - 12), start):
            return None
        # "Will Mum attend?": beside a role word, the only other word is a function word
        # (alone, "Will" may well be the boy of that name).
        words = _ALNUM_WORD.findall(value)
        rest = [w for w in words if w.lower() not in SOCIAL_CARE_TERMS]
        if (
            len(rest) == 1
            and len(words) > 1
            and rest[0].lower() in STOP_WORDS
            and not titled_person
        ):
            return None
    elif etype in _CAPITALISED_TYPES:
        # "Pupil Evie" as an ORG: a role word labels the name after it.
        lead = strip_leading_roles(value, first_names())
        if 0 < lead < len(value):
            start += lead
            value = text[start:end]
        # "Next panel", "Will": a lone function word capitalised at a sentence start.
        if _ALNUM_WORD.fullmatch(value) and value.lower() in STOP_WORDS:
            return None
    if (
        etype in _VOCABULARY_CHECKED
        and _NOT_A_PERSON_AFTER.match(text, end)
        # "Mr Barclay guidance teacher": a legal test is never written with a title.
        and not titled_person
        and not _TITLE_BEFORE.search(text, max(0, start - 8), start)
    ):
        return None
    # "st marys rc primary": a school a hurried note names in lower case is still one.
    lower_institution = etype == taxonomy.ORGANISATION and is_lower_case_institution(value)
    if etype in _CAPITALISED_TYPES and not value[:1].isupper() and not lower_institution:
        return None
    if etype == taxonomy.ORGANISATION and not (_plausible_organisation(value) or lower_institution):
        return None
    if etype in (taxonomy.ORGANISATION, taxonomy.LOCATION) and is_public_body(value):
        return None
    if etype == taxonomy.DATE:
        # "03/02/2025 at 10.42", "14.30 on 12th March": the date is redacted, the time of
        # day stays.
        end = start + date_end_before_time(value)
        start += date_start_after_time(text[start:end])
        value = text[start:end]
    if etype == taxonomy.DATE and (
        not is_calendar_date(text, start, value) or is_time_range(value)
    ):
        return None
    if etype in _VOCABULARY_CHECKED and _GRAVIDA_PARA.fullmatch(value):
        return None
    if etype in _VOCABULARY_CHECKED and (cut := _rag_rating_prefix(text, start, value)):
        if cut >= len(value):
            return None  # "RAG GREEN": a rating, not Mr Green
        start += cut  # "AMBER, Kayden Smith" after "RAG rating:": the name stays
    return start, end


def _known_first_name(value: str) -> bool:
    """One lower-case word that is a known first name and no everyday or field word."""
    low = value.strip().lower()
    return (
        _ALNUM_WORD.fullmatch(low) is not None
        and low in first_names()
        and low not in AMBIGUOUS_NAMES
        and low not in STOP_WORDS
        and low not in SOCIAL_CARE_TERMS
    )


#: Types only checksum- or cue-led rules report: where NER's guess overlaps one, the rule knows
#: what the characters are.
_IDENTIFIER_TYPES = frozenset(_TYPE_PRIORITY[: _PRIORITY[taxonomy.ADDRESS]])
#: Types NER reports (rules report PERSON and DATE too, never over an identifier).


def _glued(text: str, a: int, b: int, beside: Entity) -> bool:
    """``[a, b)`` touches ``beside`` with no space between: one token with it."""
    return (b == beside.start and not text[b - 1].isspace()) or (
        a == beside.end and not text[a].isspace()
    )


def _start(e: Entity) -> int:
    return e.start


def carve_identifiers(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """NER spans with the identifiers inside them cut out, so the identifier keeps its type.

    spaCy's ORG "DOB 02/09/2008" or DATE "19th Aug. 4010232137" covers more characters than
    the rule's DATE_OF_BIRTH or NHS_NUMBER, and the longest member names a merged region:
    the placeholder the model and reviewers read would say ORGANISATION or DATE. What is left
    of the NER span on either side is cleaned like any candidate ("19th Aug." stays a DATE,
    "DOB" is a label); a number that is no value of its own ("43" before "21/098765/24")
    joins the identifier, so no digit NER would have redacted comes back into view.
    """
    ids = sorted((e for e in entities if e.entity_type in _IDENTIFIER_TYPES), key=_start)
    if not ids:
        return list(entities)
    # Identifiers by start, so each span looks only at those that can reach it: a note of
    # thousands of handles and NER spans must not compare every pair.
    starts = [i.start for i in ids]
    longest = max(i.end - i.start for i in ids)
    out: list[Entity] = []
    for e in entities:
        if e.entity_type not in _VOCABULARY_CHECKED:
            out.append(e)
            continue
        near = ids[bisect_left(starts, e.start - longest) : bisect_left(starts, e.end)]
        inside = [i for i in near if i.start < e.end and e.start < i.end]
        if not inside:
            out.append(e)
            continue
        inside.sort(key=lambda i: i.start)
        pos = e.start
        pieces = []  # (start, end, the identifier beside the piece)
        for i in inside:
            pieces.append((pos, min(i.start, e.end), i))
            pos = max(pos, i.end)
        pieces.append((pos, e.end, inside[-1]))
        for a, b, beside in pieces:
            if b <= a or not any(c.isalnum() for c in text[a:b]):
                continue
            span = _clean_span(text, e.entity_type, a, b)
            if span is not None:
                out.append(Entity(span[0], span[1], e.entity_type, e.score))
            elif any(c.isdigit() for c in text[a:b]) or _glued(text, a, b, beside):
                # A number of no value of its own ("43", a police force's code before its crime
                # number), or a piece of the identifier's own token ("LEW-" of "LEW-CIN-55102"
                # when the rule read "CIN-55102"), stays redacted as part of the identifier; a
                # field label ("DOB", "ULN") is read again.
                start, end = min(a, beside.start), max(b, beside.end)
                out.append(Entity(start, end, beside.entity_type, beside.score))
    return out


def whole_words(text: str, entities: Iterable[Entity]) -> list[Entity]:
    """Each span widened to the whole of any word its edge falls inside.

    A rule that reads "Age: 1O" (a scanned "10") as the age "1" would leave the "O" of the
    value beside its placeholder. Whatever the rule, a word the redactor has started to redact
    is redacted whole: part of a value never shows.
    """
    out: list[Entity] = []
    n = len(text)
    for e in entities:
        start, end = e.start, e.end
        while 0 < start < n and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while 0 < end < n and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        out.append(
            e if (start, end) == (e.start, e.end) else Entity(start, end, e.entity_type, e.score)
        )
    return out


def with_initials_after(text: str, entities: Iterable[Entity]) -> list[Entity]:
    """Each PERSON widened over a surname's initial that follows it.

    "Agent: Ryan T (Customer Services)", "Sam K: yes": found by a rule or carried from an
    earlier mention, the forename leaves the initial beside its placeholder, and the two
    together narrow down who is named. "I" is left alone: "Ryan I think" holds no initial.
    """
    out: list[Entity] = []
    for e in entities:
        m = _INITIAL_AFTER.match(text, e.end) if e.entity_type == taxonomy.PERSON else None
        out.append(e if m is None else Entity(e.start, m.end(), e.entity_type, e.score))
    return out


def with_initials_before(text: str, entities: Iterable[Entity]) -> list[Entity]:
    """Each PERSON that opens with an initial widened over the initials before it.

    "Referral from A F Warsame": a rule finds "F Warsame" and the first initial would stay
    beside the placeholder. After one initial, a capital letter standing alone is another
    initial, not the article or the speaker, so the span takes at most two of them. A span that
    opens with a word is left alone ("A Kayode visit" keeps its article).
    """
    out: list[Entity] = []
    for e in entities:
        m = None
        if e.entity_type == taxonomy.PERSON and _OPENS_WITH_INITIAL.match(text, e.start):
            m = _INITIALS_BEFORE.search(text, max(0, e.start - 6), e.start)
        out.append(e if m is None else Entity(m.start(), e.end, e.entity_type, e.score))
    return out


def resolve_overlaps(entities: Iterable[Entity]) -> list[Entity]:
    """Merge overlapping spans into one per region.

    The region takes the type of the member covering most characters (ties: the more specific
    type, then the higher score: a rule that read the span as a name outranks NER's guess that
    it is a place, whatever the two scores) and the highest score of its members.
    """
    ordered = sorted(entities, key=lambda e: (e.start, -e.end))
    merged: list[Entity] = []
    group: list[Entity] = []
    group_end = -1

    def flush() -> None:
        if not group:
            return
        best = max(
            group,
            key=lambda e: (e.end - e.start, -_PRIORITY.get(e.entity_type, 99), e.score),
        )
        merged.append(
            Entity(
                group[0].start,
                max(e.end for e in group),
                best.entity_type,
                max(e.score for e in group),
            )
        )

    for e in ordered:
        if group and e.start < group_end:
            group.append(e)
            group_end = max(group_end, e.end)
        else:
            flush()
            group, group_end = [e], e.end
    flush()
    return merged


def covered(entities: Sequence[Entity], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside one of ``entities``."""
    return any(e.start <= start and end <= e.end for e in entities)
