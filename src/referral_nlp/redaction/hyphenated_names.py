"""A name span widened to the whole hyphenated word it cuts ("Ellie" in "Ellie-May", "Bryn" in
"Pen-y-Bryn"): the part left outside would be a piece of the name in the clear beside its
placeholder. Out of ``spans`` for length.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.name_lists import first_names, surnames

__all__ = ["whole_hyphenated_words"]


#: A capitalised part glued on after a hyphen ("-May", "-Smith"), and a word glued on before.
_HYPHENATED_PART_AFTER = re.compile(r"[-–][^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)?")
_HYPHENATED_PART_BEFORE = re.compile(r"[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)?[-–]\Z")


def _known_name_part(word: str) -> bool:
    low = word.lower()
    return low in first_names() or low in surnames()


#: Lower-case particles inside a hyphenated name ("Pen-y-Bryn", "Abd-al-Rahman"); a span that
#: stopped at one would leave a piece of the name beside its placeholder.
_HYPHEN_PARTICLES = frozenset({"y", "yr", "al", "el", "ul", "ud", "bin", "ben", "ap", "ab", "de"})
#: The most hyphenated parts a name span is widened by on each side ("Anne-Marie-Louise").
_MAX_HYPHENATED_PARTS = 4


def whole_hyphenated_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A name span widened to the whole of a hyphenated word it cuts: "Ellie" in "Ellie-May",
    "Smith" in "O'Connor-Smith". The part left outside would be a piece of the name, in the
    clear beside its placeholder; only a capitalised part counts, so "Smith-led" stays apart,
    unless the name itself is written in lower case."""
    # A name written all in lower case takes a lower-case part too when the lists know it
    # as a name: "kyle brennan-walsh", not "tyler-bruise on left arm".
    lower_name = text[start:end].islower()
    # A name has a few hyphenated parts at most; without a bound, a run of thousands ("Ellie-
    # May-Ellie-May-...") widened every span in it to the whole run, quadratic in its length.
    for _ in range(_MAX_HYPHENATED_PARTS):
        m = _HYPHENATED_PART_AFTER.match(text, end)
        if m and text[end + 1 : m.end()] in _HYPHEN_PARTICLES:
            # "Bryn-y-Mor": a particle joins two capitalised parts; take it with the next.
            nxt = _HYPHENATED_PART_AFTER.match(text, m.end())
            m = nxt if nxt and text[m.end() + 1].isupper() else None
        elif m and not (
            text[end + 1].isupper() or (lower_name and _known_name_part(text[end + 1 : m.end()]))
        ):
            m = None
        if not m:
            break
        end = m.end()
    for _ in range(_MAX_HYPHENATED_PARTS):
        m = _HYPHENATED_PART_BEFORE.search(text, max(0, start - 40), start)
        if m and text[m.start() : start - 1] in _HYPHEN_PARTICLES:
            # "Pen-y-Bryn": the part before the particle must be capitalised.
            m = _HYPHENATED_PART_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if not m or not (
            text[m.start()].isupper() and (m.start() == 0 or not text[m.start() - 1].isalnum())
        ):
            break
        start = m.start()
    return start, end
