"""Where a detected span may run over a line break, and where it must stop.

NER reads a line break as a space, so a name or place on one line runs on into the first word of
the next ("Helen Marsh" / "Family Support Worker", "Kumasi" / "Private ..."), and address rules
read on past the postcode into the next line's label ("... WF13 2LP" / "IP (victim)"). The
redactor then hides words that are no one's data. Here:

* a span NER reports (a person, organisation, place, group or date) is split at each line break
  and each line's part is cleaned as a candidate of its own: a name broken over two lines
  keeps both parts, a heading or role on the next line is judged on its own, and the one
  capitalised word that opens a sentence on the next line ("Private fostering ...", "Young
  person seen") is no name unless the lists know it as one;
* an address ends at its last complete postcode ("... LS8 4HR (HMO" ends at "4HR"), and at a
  line that ends a sentence ("... Normanton." / "Levonorgestrel ..."), and before a line that
  names a public body ("... Levenshulme" / "Home Office contacted").
"""

from __future__ import annotations

import re

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, first_names, surnames
from referral_nlp.redaction.recognizers.uk_postcode_recognizer import POSTCODE_SHAPE
from referral_nlp.redaction.vocabulary import is_public_body

#: Types whose spans come from NER or capitalisation rules (see spans._VOCABULARY_CHECKED).
LINE_SPLIT_TYPES = frozenset(
    {taxonomy.PERSON, taxonomy.ORGANISATION, taxonomy.LOCATION, taxonomy.NRP, taxonomy.DATE}
)
#: A complete UK postcode, outward and inward parts, in capitals.
_FULL_POSTCODE = re.compile(r"(?<![\w])" + POSTCODE_SHAPE + r"(?![\w])")
#: A line of an address that ends a sentence: a word of three or more letters and a full stop.
_SENTENCE_END_LINE = re.compile(r"[^\W\d_]{3}\.[ \t]*\n")


def line_parts(text: str, start: int, end: int, etype: str) -> list[tuple[int, int]]:
    """``[start, end)`` as the parts that may each be one value, by the rules above."""
    if etype == taxonomy.ADDRESS:
        return [(start, address_end(text, start, end))]
    if etype not in LINE_SPLIT_TYPES:
        return [(start, end)]
    parts = []
    pos = start
    while (nl := text.find("\n", pos, end)) >= 0:
        parts.append((pos, nl))
        pos = nl + 1
    parts.append((pos, end))
    return [
        (a, b)
        for i, (a, b) in enumerate(parts)
        if any(c.isalnum() for c in text[a:b]) and not (i and _opens_sentence(text, a, b))
    ]


_ONE_WORD = re.compile(r"[^\W\d_]+")
_LOWER_WORD_AFTER = re.compile(r"[ ]+[a-z]")


def _opens_sentence(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is one word that opens its line, where a sentence goes on in lower
    case after it, and is no name the lists know ("Private fostering", not "Jones said")."""
    word = text[start:end]
    if not _ONE_WORD.fullmatch(word) or not _LOWER_WORD_AFTER.match(text, end):
        return False
    low = word.lower()
    return low in AMBIGUOUS_NAMES or (low not in first_names() and low not in surnames())


def address_end(text: str, start: int, end: int) -> int:
    """Where an address found in ``[start, end)`` ends: at its last complete postcode when
    something follows it, or at the end of a line that closes a sentence."""
    m = _SENTENCE_END_LINE.search(text, start, end)
    if m:
        end = m.start() + 4  # the full stop stays with the word: "Normanton."
    nl = text.find("\n", start, end)
    while nl >= 0:
        if is_public_body(text[nl + 1 : end]):
            end = nl
            break
        nl = text.find("\n", nl + 1, end)
    last = None
    for last in _FULL_POSTCODE.finditer(text, start, end):  # noqa: B007 - the last one counts
        pass
    if last is not None and last.end() < end:
        return last.end()
    return end
