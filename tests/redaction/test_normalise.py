"""The detection text and its way back to the original's offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referral_nlp.redaction.normalise import normalise, plain_latin

CASES = [
    pytest.param("Zeb\u00adedee QUANT\u00adRILL", "Zebedee QUANTRILL", id="soft hyphens"),
    pytest.param("S\u200barah JO\u2060NES", "Sarah JONES", id="zero-width space, word joiner"),
    pytest.param("０７７００ ９００ ５５５", "07700 900 555", id="full-width digits"),
    pytest.param("٠٧٧٠٠ ٩٠٠ ٥٥٥", "07700 900 555", id="arabic-indic digits"),
    pytest.param("jane＠example.co.uk", "jane@example.co.uk", id="full-width at"),
    pytest.param("Tel 0l632 96O 5l8", "Tel 01632 960 518", id="scanner's misread digits"),
    pytest.param("DOB 07/05/2O13, ０l632", "DOB 07/05/2013, 01632", id="misread digit and width"),
    pytest.param(
        "2l of vodka, IO, Year 1O, lOl", "2l of vodka, IO, Year 1O, lOl", id="too few digits"
    ),
    pytest.param("ref A1O23 and 1O2B", "ref A1O23 and 1O2B", id="other letters in the word"),
    pytest.param("D.O.B: O9/1l/2O13.", "D.O.B: 09/11/2013.", id="misread date"),
    pytest.param("Mr 0bi and Dr He1en Firth", "Mr Obi and Dr Helen Firth", id="misread letters"),
    pytest.param(
        "h1n1, co2, mp3, 0ml, 0am, B0B, Win10",
        "h1n1, co2, mp3, 0ml, 0am, B0B, Win10",
        id="digits that stay in words",
    ),
    pytest.param("I/O and l-2 and 1.I", "I/O and l-2 and 1.I", id="a part with no digit"),
    pytest.param("Liverpool l33 7wn", "Liverpool l33 7wn", id="a lower-case postcode district"),
    pytest.param(
        "at bd5 0rt, m1  0aa; Mr 0bi", "at bd5 0rt, m1  0aa; Mr Obi", id="an inward code's 0 stays"
    ),
    pytest.param(
        "sw1a 1aa, ec1a 0bb, w1a 0ax", "sw1a 1aa, ec1a 0bb, w1a 0ax", id="an outward code's 1 stays"
    ),
    pytest.param("Jose\u0301 came", "José came", id="decomposed accent composed"),
    pytest.param("S\u0336a\u0336m\u0336", "Sam", id="overlay marks removed"),
    pytest.param("\u202ehtimS\u202c called", "Smith called", id="right-to-left override read"),
    pytest.param("ni АВ123456С", "ni AB123456C", id="cyrillic in an identifier"),
    pytest.param("JM 48 21 93 С", "JM 48 21 93 C", id="lone cyrillic suffix after digits"),
    pytest.param("Сергей's car", "Сергей's car", id="a cyrillic word stays cyrillic"),
    pytest.param("07700\u2011900", "07700-900", id="non-breaking hyphen"),
    pytest.param("12\u00a0Elm Road", "12 Elm Road", id="no-break space"),
    pytest.param("ﬁne", "fine", id="ligature"),
    pytest.param("Jane\x00 Smith\x07\x7f", "Jane Smith", id="control characters removed"),
    pytest.param("07700\t900\x0b123\x85", "07700\t900 123 ", id="spacing controls, tab stays"),
    pytest.param("Line one.\r\nLine two.\n", "Line one.\r\nLine two.\n", id="line breaks stay"),
    pytest.param("Plain ASCII stays.", "Plain ASCII stays.", id="ascii"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detection_text(text: str, expected: str) -> None:
    assert normalise(text).text == expected


def test_ascii_text_is_not_copied_or_mapped() -> None:
    norm = normalise("Mum rang at 10.")
    assert not norm.changed
    assert norm.to_original(4, 8) == (4, 8)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # The span of "Zebedee" covers the soft hyphen inside it.
        pytest.param("Dad Zeb\u00adedee rang", "Zebedee", "Zeb\u00adedee", id="inside"),
        # Invisible characters glued to either edge go with the value.
        pytest.param("Dad \u200bSarah\u200b rang", "Sarah", "\u200bSarah\u200b", id="edges"),
        # Same-length folds map character by character: only the mobile's first group.
        pytest.param("Tel ０７７００ ９００", "07700", "０７７００", id="full-width, exact"),
        # A reversed run is taken whole.
        pytest.param("Mum \u202ehtimS\u202c rang", "Smith", "\u202ehtimS\u202c", id="override"),
        # A control character glued to a value goes with it, like an invisible one.
        pytest.param("Dad Sarah\x00 rang", "Sarah", "Sarah\x00", id="control at the edge"),
    ],
)
def test_spans_map_back_to_the_original(text: str, value: str, expected: str) -> None:
    norm = normalise(text)
    start = norm.text.index(value)
    o_start, o_end = norm.to_original(start, start + len(value))
    assert text[o_start:o_end] == expected


_TRICKS = st.sampled_from(
    [
        "\u00ad",
        "\u200b",
        "\u2060",
        "\u202a",
        "\u202c",
        "\u202e",
        "\u0301",
        "\u0336",
        "\ufe0f",
        "０",
        "٣",
        "Ａ",
        "А",
        "ﬁ",
        "\u00a0",
        "\u2011",
        "é",
        "ß",
        "\n",
        "\x00",
        "\t",
        "\x85",
    ]
)
# "O", "l" and "I" beside digits exercise the scanner's-misread-digit reading.
_PLAIN = st.sampled_from(list("ab 12.-@ZOlI"))
_TEXT = st.lists(st.one_of(_PLAIN, _TRICKS), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_every_span_maps_inside_the_original_in_order(text: str, data) -> None:
    norm = normalise(text)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    o_start, o_end = norm.to_original(start, end)
    assert 0 <= o_start <= o_end <= len(text)
    if end > start:
        assert o_end > o_start
        # A longer normalised span never maps to a shorter original one that it contains.
        if end < n:
            assert norm.to_original(start, end + 1)[1] >= o_end


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Siân and Szymańska", "Sian and Szymanska"),
        ("Łukasz Øberg Đorđe", "Lukasz Oberg Dorde"),
        ("Straße", "Straße"),  # no plain form
        ("Μαρία Петрова", "Μαρία Петрова"),  # not Latin
        ("plain", "plain"),
    ],
)
def test_plain_latin_drops_diacritics_from_latin_letters_only(text: str, plain: str) -> None:
    assert plain_latin(text) == plain


def test_a_vulgar_fraction_stays_beside_its_digit() -> None:
    """NFKC writes "½" as "1⁄2", which glued to the digit before it ("2½" read "21⁄2")."""
    assert normalise("Fiadh (2½), Tom 7½ years old").text == "Fiadh (2½), Tom 7½ years old"
