"""The Hyperscan prefilter may skip a pattern only where the pattern has no match.

Rewrite rows check :func:`prefilter_regex` piece by piece; the superset tests run every project
pattern over the project's notes and over Unicode variants of each match (case partners of ASCII
letters, accented letters, other scripts' digits and spaces, letters against a match's edges),
and fail on any text where the ``regex`` engine matches and the prefilter said it could not.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import regex
from presidio_analyzer import PatternRecognizer

from referral_nlp.evaluation.pii_datasets import load_labelled
from referral_nlp.redaction import pattern_prefilter
from referral_nlp.redaction.pattern_prefilter import (
    ASCII_CASE_PARTNERS,
    PatternPrefilter,
    PrefilteredRegex,
    PrefilterSyntaxError,
    install_prefilter,
    prefilter_regex,
)
from referral_nlp.redaction.recognizers import project_recognizers

hyperscan = pytest.importorskip("hyperscan")

DATA = Path(__file__).resolve().parents[1] / "data"
ANY = r"\x{80}-\x{10FFFF}"

REWRITES = [
    # (pattern, rewritten, why)
    (r"\bNHS\b", "NHS", "word boundaries are dropped"),
    (r"\w+", rf"[\w{ANY}]+", "a word character admits any non-ASCII character"),
    (r"\d{3} \s", rf"[\d{ANY}]{{3}} [\s\x1C-\x1F{ANY}]", "so do digits and spaces (re's too)"),
    (r"[^\S]", r"[^\x00-\x08\x0E-\x1B\x21-\x7F]", "only ASCII non-spaces are ruled out"),
    (r"a{,3}", "a{0,3}", "Python's {,n} is {0,n}"),
    (r"a{2,8}", "a{2,8}", "a short bound is kept"),
    (r"\w{0,28}", rf"[\w{ANY}]{{0,}}", "a long bound is dropped: Hyperscan would unroll it"),
    (r"a{3,20}?b{,12}", "a{3,}?b{0,}", "lazy and lower-less repeats too"),
    (r"a{,}b{2,}", "a{0,}b{2,}", "an open bound stays open"),
    (r"(?i)a(?-i:B)", "(?i)a(?-i:B)", "a leading flag and a scoped one are PCRE's too"),
    (r"(?P<v>a)(?P=v)", "(?P<v>a)(?P=v)", "a named back reference is copied"),
    (r"[\w\-]", rf"[\w{ANY}\-]", "and inside a class"),
    (
        r"[^\W\d_]",
        r"[^\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7F\d_]",
        "a negated class keeps non-ASCII",
    ),
    (r"[^\w]", r"[^\w]", "a negated \\w already admits non-ASCII in ASCII mode"),
    (r"\W\D\S", r"\W\D\S", "complements outside a class already admit non-ASCII"),
    (r"[]a]", "[]a]", "a leading ] is a literal"),
    (r"[^]a]", "[^]a]", "also after ^"),
    (r"\u2019s", r"\x{2019}s", "\\u escapes in Hyperscan's spelling"),
    (r"\x{2019}\p{Lu}", r"\x{2019}\p{Lu}", "braced escapes are copied whole"),
    (r"(?P<value>a)|(?P<value>b)", "(?P<value>a)|(?P<value_2>b)", "a repeated name is renamed"),
    (r"(?P<sep>-)\d(?P=sep)", rf"(?P<sep>-)[\d{ANY}](?P=sep)", "back references are kept"),
    (r"[\b]", r"[\b]", "inside a class \\b is a backspace"),
    (r"(?<=aged )7", "(?:aged )7", "a look-behind opening the pattern is consumed: it screens"),
    (r"(?=\d)(?<=aged )7", "(?:aged )7", "also after a look-ahead, which is dropped"),
    (r"a(?<=ba)c", "ac", "a later look-behind is dropped (consuming it would narrow)"),
    (r"(?<![\w.(])x(?!\d|[)])", "x", "negative look-arounds are dropped"),
]


PARTNERS = "\u0130\u0131\u017f\u212a"
CASELESS_REWRITES = [
    ("Mike", "M[i\u0130\u0131][k\u212a]e", "i and k admit the characters folded onto them"),
    ("[A-Z]x", f"[A-Z{PARTNERS}]x", "a class with letters admits every partner"),
    ("[!-~]", f"[!-~{PARTNERS}]", "so does one with a range"),
    ("[^a-z]", "[^a-z]", "a negated class already admits them"),
    ("[0-9]", f"[0-9{PARTNERS}]", "widened to be safe: a range may span letters"),
    ("[.,]", "[.,]", "punctuation needs nothing"),
    ("é", f"[{ANY}]", "a cased non-ASCII letter admits any non-ASCII character"),
    ("(?-i:Mike)s", "(?-i:Mike)[s\u017f]", "a case-sensitive scope keeps its letters"),
]


@pytest.mark.parametrize(("pattern", "expected", "why"), REWRITES)
def test_prefilter_regex_rewrites(pattern: str, expected: str, why: str) -> None:
    assert prefilter_regex(pattern) == expected, why


@pytest.mark.parametrize(("pattern", "expected", "why"), CASELESS_REWRITES)
def test_prefilter_regex_rewrites_ignoring_case(pattern: str, expected: str, why: str) -> None:
    assert prefilter_regex(pattern, regex.IGNORECASE) == expected, why


def test_inline_ignore_case_scope_ends_with_its_group() -> None:
    assert prefilter_regex("(?i:k)k") == "(?i:[k\u212a])k"


def test_ascii_case_partners_are_both_engines() -> None:
    folded: dict[str, set[str]] = {}
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or ch.lower() == ch.upper():
            continue
        for letter in "abcdefghijklmnopqrstuvwxyz":
            for engine in (regex, re):
                if engine.fullmatch(letter, ch, engine.IGNORECASE):
                    folded.setdefault(letter, set()).add(ch)
    assert folded == {k: set(v) for k, v in ASCII_CASE_PARTNERS.items()}


@pytest.mark.parametrize(
    "pattern", [r"[[:alpha:]]", r"[a[b]", r"[abc", "abc\\", "a(?i)b", "(?#note)a", "(?<v>a)"]
)
def test_prefilter_regex_refuses_what_it_cannot_rewrite(pattern: str) -> None:
    with pytest.raises(PrefilterSyntaxError):
        prefilter_regex(pattern)


@pytest.fixture(scope="module")
def installed() -> tuple[PatternPrefilter, list[PrefilteredRegex]]:
    """The project's recognisers with a prefilter installed, and every pattern it wraps."""
    recognizers = project_recognizers()
    prefilter = install_prefilter(recognizers)
    prefilter.compile()
    wrapped = [
        p.compiled_regex
        for r in recognizers
        if isinstance(r, PatternRecognizer)
        for p in r.patterns
    ]
    wrapped += [c for r in recognizers for _, c in getattr(r, "compiled_patterns", [])]
    return prefilter, wrapped


@pytest.fixture(scope="module")
def prefilter(installed) -> PatternPrefilter:
    return installed[0]


@pytest.fixture(scope="module")
def notes() -> list[str]:
    return [
        doc.text
        for name in ("uk_referral_notes.txt", "uk_identifier_notes.txt")
        for doc in load_labelled(DATA / name)
    ]


def test_most_patterns_are_screened(installed) -> None:
    # A rewrite that refused most patterns would pass every superset test and save nothing.
    prefilter, wrapped = installed
    assert all(isinstance(w, PrefilteredRegex) for w in wrapped)
    assert len(wrapped) > 150
    assert len(prefilter._always) <= len(wrapped) // 10


#: Per character: stand-ins the ``regex`` engine may still accept where the original matched.
_SWAPS = {
    **{c: "é" for c in "aeiouAEIOU"},
    "k": "\u212a",  # KELVIN SIGN: a case partner of k
    "s": "\u017f",  # LATIN SMALL LETTER LONG S: a case partner of s
    "i": "\u0130",
    "n": "ñ",
    **{str(d): chr(0x0660 + d) for d in range(10)},  # ARABIC-INDIC digits: \d
    " ": "\u00a0",
    "\n": "\u2028",
}


def _variants(window: str, start: int, end: int) -> list[str]:
    inside = window[start:end]
    swapped = "".join(_SWAPS.get(c, c) for c in inside)
    every_other = "".join(_SWAPS.get(c, c) if k % 2 else c for k, c in enumerate(inside))
    return [
        window,
        window[:start] + swapped + window[end:],
        window[:start] + every_other + window[end:],
        window[:start] + "é" + inside + "ß" + window[end:],
        window[:start] + "\u2003" + inside + "\u2003" + window[end:],
        window[:start] + inside.replace(" ", "\x1c") + window[end:],
    ]


def test_prefilter_never_rules_out_a_pattern_that_matches(installed, notes) -> None:
    _, wrapped = installed
    misses, checked = [], 0
    for pattern in wrapped:
        compiled = pattern._compiled  # the engine's own pattern (regex or re), unfiltered
        for note in notes:
            for n_match, match in enumerate(compiled.finditer(note)):
                if n_match == 2:
                    break
                lo, hi = max(0, match.start() - 40), min(len(note), match.end() + 40)
                window = note[lo:hi]
                for text in _variants(window, match.start() - lo, match.end() - lo):
                    if compiled.search(text) is None:
                        continue
                    checked += 1
                    if not list(pattern.finditer(text)):
                        misses.append((compiled.pattern[:60], text))
    assert checked > 1000  # the variants must exercise the patterns, not miss them all
    assert not misses, misses[:5]


def test_redaction_is_the_same_without_the_prefilter(redactor, notes, monkeypatch) -> None:
    with_prefilter = [redactor.analyze(n) for n in notes]
    monkeypatch.setattr(PatternPrefilter, "possible", lambda self, text: None)
    assert [redactor.analyze(n) for n in notes] == with_prefilter


def test_a_pattern_ruled_out_is_skipped() -> None:
    prefilter = PatternPrefilter([(r"\bNHS\b", regex.IGNORECASE)])
    compiled = PrefilteredRegex(regex.compile(r"\bNHS\b", regex.IGNORECASE), prefilter, regex.I)
    assert [m.group() for m in compiled.finditer("her nhs number")] == ["nhs"]
    assert prefilter.possible("no number here") == frozenset()
    assert list(compiled.finditer("no number here")) == []
    assert compiled.groupindex == {}  # everything else is the compiled pattern's


def test_a_slice_of_the_text_bypasses_the_prefilter() -> None:
    prefilter = PatternPrefilter([("b", 0)])
    compiled = PrefilteredRegex(regex.compile("b"), prefilter, 0)
    assert [m.start() for m in compiled.finditer("abc", 1)] == [1]


@pytest.mark.parametrize(
    "text", ["Mum\ud800 rang", ""], ids=["lone surrogate, not valid UTF-8", "empty"]
)
def test_text_hyperscan_cannot_read_runs_every_pattern(text: str) -> None:
    prefilter = PatternPrefilter([("rang", 0)])
    expected = None if text else frozenset()
    assert prefilter.possible(text) == expected


def test_without_hyperscan_every_pattern_runs(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_hyperscan(name, *args, **kwargs):
        if name == "hyperscan":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_hyperscan)
    monkeypatch.setattr(pattern_prefilter, "_COMPILED", {})
    prefilter = PatternPrefilter([("zzz-not-compiled-elsewhere", 0)])
    assert prefilter.possible("abc") is None


def test_a_pattern_hyperscan_refuses_always_runs() -> None:
    # a branch reset, which Hyperscan does not support
    prefilter = PatternPrefilter([("(?|(a)|(b))c", 0), ("xyz", 0)])
    assert prefilter.possible("nothing") == frozenset({0})


def test_prefilter_pickles_without_its_databases(prefilter) -> None:
    copy = pickle.loads(pickle.dumps(prefilter))
    assert copy._databases is None
    assert copy.may_match(*prefilter._keys[0], "text") in (True, False)
