"""Detection text: the note with the Unicode tricks that hide personal data taken out.

Text pasted from Word, PDFs, phones and web forms carries characters a reader never sees or
reads as something else: soft hyphens and zero-width spaces inside a name ("Zeb\u00adedee"),
bidirectional controls, full-width or Arabic-Indic digits in a phone number, a full-width "@",
Cyrillic letters that look Latin inside an identifier, stray combining marks. Every recogniser
is written for plain text, so each of these walks personal data through the boundary.

The redactor therefore detects on a *normalised* copy of the note and maps every span back to
the original, so entity offsets stay offsets into the text the caller gave (a stable contract)
and the replacement covers the invisible characters inside it. Normalisation, per character:

* format characters (Unicode category Cf: soft hyphen, zero-width space/joiners, word joiner,
  bidi embeddings, overrides and isolates, BOM) and variation selectors are removed, and so are
  control characters (Cc: NUL, BEL, DEL, the C1 set), so "Jane Smith\x00" reads as written;
  the ones that space text (vertical tab, form feed, the information separators, NEL) read as
  a space, and tab, line feed and carriage return stay (a tab separates a table's cells);
* a letter followed by combining marks is composed (NFC); marks left over on a Latin, Greek or
  Cyrillic letter, a digit or ASCII punctuation are removed ("S̸a̸r̸a̸h̸" reads "Sarah");
* compatibility forms are folded (NFKC: full-width letters, digits and "@", ligatures,
  non-breaking and other spaces), any Unicode decimal digit becomes its ASCII digit, and
  hyphen look-alikes (U+2010-2012, U+2212) become "-";
* in a run of three or more digits that also holds the letters a scanner misreads for digits
  (capital O, lower-case l, capital I), those letters read as 0 and 1 ("0l632 96O 5l8",
  "NHS No. 262 915 O488", "2O13"): an OCR'd referral form writes its phone numbers that way.
  Two digits at least must be in the run, so "2l" (two litres) and "IO" stay;
* the other way round, a 0 opening a word of lower-case letters, or one 0 or 1 between the
  letters of a word, reads as O or l ("Mr 0bi", "Dr He1en Firth"); "h1n1" and "co2" stay, and
  so does a postcode's inward code after its outward code ("bd5 0rt") and an outward code
  before its inward code ("sw1a 1aa");
* a right-to-left override run is read in the order it is displayed ("\u202ehtimS" shows
  "Smith"), and a span touching it covers the whole run;
* in a word that also holds ASCII letters or digits, a Cyrillic or Greek letter that Unicode's
  confusables table (via ``confusable-homoglyphs``) lists as a look-alike of an ASCII letter or
  digit is replaced by it. A word written wholly in Cyrillic or Greek is left alone: it is a
  real word in that script, not a disguise.

Printable ASCII text (tabs and line breaks allowed) costs one ``str.isascii`` call, one search
for a character to fold and one search for a digit beside a misread letter. Every change keeps
the text's length or is mapped back region by region.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

#: Hyphen look-alikes NFKC leaves alone (en and em dashes are punctuation and stay).
_HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\ufe63": "-"}
#: Scripts whose letters pass for Latin ones; marks on them are decoration, not spelling.
_LATIN_LIKE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
#: Scripts whose look-alike letters are swapped for ASCII inside a mixed word.
_HOMOGLYPH_SCRIPTS = ("CYRILLIC", "GREEK")
#: Characters that need more than a table lookup: everything outside printable ASCII but the
#: line breaks (control characters hide in pasted text and split a value for the recognisers).
_TO_FOLD = re.compile(r"[^\t\n\r\x20-\x7e]+")
#: Right-to-left override: the characters up to the next pop (or line end) display reversed,
#: so "\u202ehtimS\u202c" shows "Smith".
_RLO, _PDF = "\u202e", "\u202c"


@dataclass(frozen=True)
class _Region:
    """Original ``[orig_start, orig_end)`` became normalised ``[norm_start, norm_end)``."""

    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int

    @property
    def same_length(self) -> bool:
        return self.norm_end - self.norm_start == self.orig_end - self.orig_start


@dataclass(frozen=True)
class NormalisedText:
    """A note's detection text and the way back to the original's offsets.

    Characters outside the changed regions map one to one; a changed region maps position by
    position when it kept its length (full-width digits), and as a whole otherwise.
    """

    original: str
    text: str
    regions: tuple[_Region, ...] = ()
    #: Original positions of characters removed for detection (invisible ones).
    removed: frozenset[int] = field(default_factory=frozenset)
    _starts: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether offsets need mapping back (a same-length change such as a misread digit
        changes the text, not its offsets)."""
        return bool(self.regions)

    def _region_at(self, pos: int) -> _Region | None:
        i = bisect_right(self._starts, pos) - 1
        return self.regions[i] if i >= 0 else None

    def _orig_start(self, pos: int) -> int:
        r = self._region_at(pos)
        if r is None:
            return pos
        if pos < r.norm_end:
            return r.orig_start + (pos - r.norm_start if r.same_length else 0)
        return r.orig_end + (pos - r.norm_end)

    def _orig_end(self, pos: int) -> int:
        """Original end (exclusive) of the normalised character at ``pos``."""
        r = self._region_at(pos)
        if r is None:
            return pos + 1
        if pos < r.norm_end:
            return r.orig_start + (pos - r.norm_start) + 1 if r.same_length else r.orig_end
        return r.orig_end + (pos - r.norm_end) + 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of normalised ``[start, end)``, widened over removed characters
        glued to either edge, so that no invisible character is left beside a redaction."""
        if not self.regions:
            return start, end
        if end <= start:
            pos = self._orig_start(start)
            return pos, pos
        o_start, o_end = self._orig_start(start), self._orig_end(end - 1)
        while o_start > 0 and (o_start - 1) in self.removed:
            o_start -= 1
        while o_end < len(self.original) and o_end in self.removed:
            o_end += 1
        return o_start, o_end


@cache
def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""


@cache
def _homoglyphs() -> dict[str, str]:
    """Cyrillic and Greek letters that Unicode lists as look-alikes of an ASCII letter or digit."""
    from confusable_homoglyphs.utils import load

    table: dict[str, str] = {}
    for ch, glyphs in load("confusables.json").items():
        if len(ch) != 1 or _script(ch) not in _HOMOGLYPH_SCRIPTS:
            continue
        for glyph in glyphs:
            c = glyph["c"]
            if len(c) == 1 and c.isascii() and c.isalnum():
                table[ch] = c
                break
    return table


@cache
def _fold(ch: str) -> str:
    """The detection form of one character outside printable ASCII (``""``: removed)."""
    category = unicodedata.category(ch)
    if category == "Cc":  # a separator spaces the text; NUL, BEL, DEL only hide in it
        return " " if ch.isspace() else ""
    if category == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF:
        return ""
    if ch in _HYPHENS:
        return _HYPHENS[ch]
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    folded = unicodedata.normalize("NFKC", ch)
    if "\u2044" in folded:
        # A vulgar fraction stays: NFKC's "1⁄2" would glue to the digit before it, so that
        # "Fiadh (2½)" read "(21⁄2)" and no age rule saw an age.
        return ch
    # NFKC can itself produce non-ASCII digits or hyphens ("⑴" -> "(1)" is fine already).
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in folded
    )


#: Latin letters with a stroke or bar: no decomposition reaches their plain letter.
_STROKED = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
            "ı": "i", "ŧ": "t", "Ŧ": "T", "ƀ": "b", "ɨ": "i"}  # fmt: skip


def plain_latin(text: str) -> str:
    """``text`` with every Latin letter's diacritics dropped: "Siân" -> "Sian", "Łukasz" ->
    "Lukasz". The detection text keeps its accents (spaCy's NER reads them as a sign of a
    name); the name lists, which hold names in English spelling, look a word up this way."""
    return text if text.isascii() else "".join(_plain_latin(c) for c in text)


def _plain_latin(ch: str) -> str:
    """``ch`` without its diacritics when it is a Latin letter that has a plain one."""
    if ch.isascii() or not ch.isalpha() or _script(ch) != "LATIN":
        return ch
    if ch in _STROKED:
        return _STROKED[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed[0].isascii() and all(_is_mark(c) for c in decomposed[1:]):
        return decomposed[0]
    return ch


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _mark_is_decoration(base: str) -> bool:
    return base.isascii() or base.isdigit() or _script(base) in _LATIN_LIKE_SCRIPTS


def _in_word(ch: str) -> bool:
    # Identifier punctuation joins a word ("j.smith@example", "AB-123"); an apostrophe does
    # not, so the "'s" after a Cyrillic name does not make the name a mixed word.
    return ch.isalnum() or ch in "._-@+" or unicodedata.category(ch) in ("Mn", "Me", "Cf")


def _word_at(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    return start, end


def _mixed_word(text: str, start: int, end: int) -> bool:
    """Does the word around ``text[start:end]`` hold an ASCII letter or any digit?

    A one- or two-letter word counts when the word before or after it holds a digit: the
    suffix letter of "JM 48 21 93 C" stands alone.
    """
    start, end = _word_at(text, start, end)
    if any((c.isascii() and c.isalpha()) or c.isdigit() for c in text[start:end]):
        return True
    if end - start > 2:
        return False
    before = text[:start].rstrip()
    after_start = len(text) - len(text[end:].lstrip())
    neighbours = []
    if before and _in_word(before[-1]):
        neighbours.append(_word_at(text, len(before) - 1, len(before)))
    if after_start < len(text) and _in_word(text[after_start]):
        neighbours.append(_word_at(text, after_start, after_start + 1))
    return any(any(c.isdigit() for c in text[s:e]) for s, e in neighbours)


def _override_end(text: str, start: int) -> int:
    """End (exclusive, past its pop character) of the override run opening at ``start``."""
    ends = [p for p in (text.find(_PDF, start), text.find("\n", start)) if p >= 0]
    if not ends:
        return len(text)
    end = min(ends)
    return end + 1 if text[end] == _PDF else end


#: A digit beside a letter a scanner reads for a digit: the cheap test before the full one.
_OCR_HINT = re.compile(r"[0-9][OlI]|[OlI][0-9]")
#: A run of digits and misread letters, standing alone as a word; its parts may be joined by
#: "/", "." or "-" as a date's or a number's are ("O9/1l/2O13").
_OCR_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9OlI]+(?:[/.\-][0-9OlI]+)*(?![A-Za-z0-9])")
_OCR_PARTS = re.compile(r"[/.\-]")
_OCR_DIGITS = str.maketrans({"O": "0", "l": "1", "I": "1"})
#: A letter and one to three digits: a postcode's outward code or a plate's prefix as often.
_POSTCODE_DISTRICT = re.compile(r"[lI][0-9]{1,3}")


def _digit_run(match: re.Match[str]) -> str:
    """The run with its misread letters read as digits, where it is one: three characters or
    more, two digits at least, and a digit in every part."""
    run = match.group(0)
    digits = sum(c.isdigit() for c in run)
    parts = _OCR_PARTS.split(run)
    if len(run) < 3 or digits < 2 or not all(any(c.isdigit() for c in p) for p in parts):
        return run
    if _POSTCODE_DISTRICT.fullmatch(run):
        return run  # "l33 7wn": Liverpool's L in a lower-case postcode, not a misread 1
    return run.translate(_OCR_DIGITS)


def _read_ocr_digits(text: str) -> str:
    """``text`` with the misread letters in its digit runs read as digits, and the misread
    digits in its words read as letters (same length)."""
    if _OCR_HINT.search(text) is not None:
        text = _OCR_RUN.sub(_digit_run, text)
    if _OCR_WORD_HINT.search(text) is not None:
        text = _OCR_WORD.sub(_letter_word, text)
    return text


#: The other way round: a scanner reads O as 0 and l as 1 inside a name ("Mr 0bi", "Dr He1en
#: Firth", "the 0konkwos"). A 0 opening a word of lower-case letters, or one 0 or 1 between
#: letters in a word of letters, reads as the letter; "h1n1", "co2", "mp3", "0ml", "0am" keep
#: theirs.
_OCR_WORD_HINT = re.compile(r"(?<![A-Za-z0-9])0[a-z]|[A-Za-z][01][a-z]")
_OCR_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?:0(?!(?:mg|ml|kg|cm|mm|am|pm|th)(?![a-z]))[a-z]{2,}"
    r"|[A-Z]?[a-z]+[01][a-z]+|[A-Z][01][a-z]{2,})(?![A-Za-z0-9])"
)
_OCR_LETTERS = str.maketrans({"0": "o", "1": "l"})
#: A postcode's outward code and its space, just before a word: "bd5 0rt" is the inward code
#: "0RT" in lower case, not a misread "Ort".
_OUTWARD_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[ \u00a0]{1,2}$")


#: ... and an inward code after a word: "sw1a 1aa", "ec1a 0bb" are postcodes, not "swla".
_INWARD_AFTER = re.compile(r"[ \u00a0]{1,2}[0-9][A-Za-z]{2}(?![A-Za-z0-9])")


def _letter_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) <= 4 and _INWARD_AFTER.match(match.string, match.end()):
        return word
    if word[0] == "0":
        before = match.string[max(0, match.start() - 6) : match.start()]
        if len(word) == 3 and _OUTWARD_BEFORE.search(before):
            return word
        return "O" + word[1:]
    return word.translate(_OCR_LETTERS)


def normalise(text: str) -> NormalisedText:
    """The detection text of ``text`` (see the module docstring) with its offset map."""
    if text.isascii() and _TO_FOLD.search(text) is None:
        # Same length, so offsets need no map: the text differs, the regions stay empty.
        return NormalisedText(text, _read_ocr_digits(text))
    pieces: list[str] = []
    regions: list[_Region] = []
    removed: set[int] = set()
    glyphs = _homoglyphs()
    copied = 0  # original offset up to which text has been emitted
    norm_len = 0

    def emit_region(o_start: int, o_end: int, replacement: str) -> None:
        nonlocal copied, norm_len
        if o_start > copied:  # unchanged text before the region
            pieces.append(text[copied:o_start])
            norm_len += o_start - copied
        n_start = norm_len
        pieces.append(replacement)
        norm_len += len(replacement)
        last = regions[-1] if regions else None
        if last is not None and last.orig_end == o_start:  # contiguous: one region
            regions[-1] = _Region(last.norm_start, norm_len, last.orig_start, o_end)
        else:
            regions.append(_Region(n_start, norm_len, o_start, o_end))
        copied = o_end

    for run in _TO_FOLD.finditer(text):
        i, run_end = max(run.start(), copied), run.end()
        mixed: bool | None = None
        while i < run_end:
            ch = text[i]
            if ch == _RLO:
                end = _override_end(text, i)
                removed.add(i)
                emit_region(i, end, normalise(text[i + 1 : end][::-1]).text)
                i = end
                continue
            if _is_mark(ch):
                # Marks on the previous character: compose where Unicode can, drop the rest
                # where they only decorate a Latin-like letter, a digit or punctuation.
                j = i
                while j < run_end and _is_mark(text[j]):
                    j += 1
                base_at = i - 1
                if base_at >= 0 and base_at >= copied:
                    base = text[base_at]
                    composed = unicodedata.normalize("NFC", text[base_at:j])
                    if len(composed) == 1:
                        emit_region(
                            base_at, j, _fold(composed) if not composed.isascii() else composed
                        )
                    elif _mark_is_decoration(base):
                        removed.update(range(i, j))
                        emit_region(i, j, "")
                elif base_at >= 0 and regions and regions[-1].orig_end == i:
                    # The base was itself changed (a full-width letter): the marks go too.
                    removed.update(range(i, j))
                    emit_region(i, j, "")
                i = j
                continue
            folded = _fold(ch)
            if folded == ch and ch in glyphs:
                if mixed is None:
                    mixed = _mixed_word(text, run.start(), run_end)
                if mixed:
                    folded = glyphs[ch]
            if folded != ch:
                if not folded:
                    removed.add(i)
                emit_region(i, i + 1, folded)
            i += 1
    if not regions:
        return NormalisedText(text, _read_ocr_digits(text))
    pieces.append(text[copied:])
    return NormalisedText(
        original=text,
        text=_read_ocr_digits("".join(pieces)),
        regions=tuple(regions),
        removed=frozenset(removed),
        _starts=tuple(r.norm_start for r in regions),
    )
