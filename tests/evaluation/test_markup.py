"""Tests for the inline ``[[LABEL:value]]`` markup parser and the shipped hand-labelled notes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from referral_nlp.evaluation.markup import LABELS, parse_marked_notes

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "uk_referral_notes.txt"

# Invented values; error tests check none of them leaks into the message.
SECRETS = ("Jane", "Doe", "0113", "Leeds", "Kerry")


def _values(plain: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(plain[start:end], label) for start, end, label in spans]


# ---- parsing -------------------------------------------------------------------------------------
def test_offsets_exact_for_one_span() -> None:
    [(plain, spans)] = parse_marked_notes("Call [[PERSON:Jane Doe]] today.")
    assert plain == "Call Jane Doe today."
    assert spans == [(5, 13, "PERSON")]


def test_multiple_spans_on_one_line() -> None:
    text = "[[PERSON:Jane Doe]] on [[PHONE_NUMBER:0113 496 0000]] in [[LOCATION:Leeds]]"
    [(plain, spans)] = parse_marked_notes(text)
    assert plain == "Jane Doe on 0113 496 0000 in Leeds"
    assert spans == [(0, 8, "PERSON"), (12, 25, "PHONE_NUMBER"), (29, 34, "LOCATION")]


def test_adjacent_spans_and_possessive() -> None:
    text = "[[ADDRESS:1 Elm Road, Leeds]] [[POSTCODE:LS6 2QT]]; [[PERSON:Kayden]]'s mum"
    [(plain, spans)] = parse_marked_notes(text)
    assert plain == "1 Elm Road, Leeds LS6 2QT; Kayden's mum"
    assert _values(plain, spans) == [
        ("1 Elm Road, Leeds", "ADDRESS"),
        ("LS6 2QT", "POSTCODE"),
        ("Kayden", "PERSON"),
    ]


def test_offsets_across_lines() -> None:
    text = "Child: [[PERSON:Jane]]\nDOB [[DATE_OF_BIRTH:1.2.19]]\n\nseen [[DATE:12/03/24]]"
    [(plain, spans)] = parse_marked_notes(text)
    assert plain == "Child: Jane\nDOB 1.2.19\n\nseen 12/03/24"
    assert spans == [(7, 11, "PERSON"), (16, 22, "DATE_OF_BIRTH"), (29, 37, "DATE")]
    assert _values(plain, spans) == [
        ("Jane", "PERSON"),
        ("1.2.19", "DATE_OF_BIRTH"),
        ("12/03/24", "DATE"),
    ]


def test_value_may_contain_colons() -> None:
    [(plain, spans)] = parse_marked_notes("ref [[CASE_REFERENCE:MOSAIC:1234]] and 10:30")
    assert plain == "ref MOSAIC:1234 and 10:30"
    assert _values(plain, spans) == [("MOSAIC:1234", "CASE_REFERENCE")]


def test_note_without_markup() -> None:
    assert parse_marked_notes("No current concerns re DA. NFA.") == [
        ("No current concerns re DA. NFA.", [])
    ]


def test_separators_comments_and_blank_edges() -> None:
    text = (
        "# header comment\n"
        "---\n"  # leading separator: the empty note before it is skipped
        "\n"
        "first [[PERSON:Jane]]   \n"
        "# a comment inside a note\n"
        "second line\n"
        "\n"
        "  ---  \n"
        "[[LOCATION:Leeds]] only\n"
        "---\n"
        "# nothing but a comment\n"
        "---\n"
    )
    notes = parse_marked_notes(text)
    assert notes == [
        ("first Jane\nsecond line", [(6, 10, "PERSON")]),
        ("Leeds only", [(0, 5, "LOCATION")]),
    ]


def test_hash_not_at_line_start_is_text() -> None:
    [(plain, spans)] = parse_marked_notes("flat #3, [[PERSON:Jane]]")
    assert plain == "flat #3, Jane"
    assert spans == [(9, 13, "PERSON")]


def test_empty_input() -> None:
    assert parse_marked_notes("") == []
    assert parse_marked_notes("# only a comment\n---\n\n") == []


def test_every_label_accepted() -> None:
    text = " ".join(f"[[{label}:x{i}]]" for i, label in enumerate(sorted(LABELS)))
    [(plain, spans)] = parse_marked_notes(text)
    assert [label for _, _, label in spans] == sorted(LABELS)
    assert [plain[s:e] for s, e, _ in spans] == [f"x{i}" for i in range(len(LABELS))]


# Line breaks, comments and separators are covered above; here one line of text and spans.
_plain_chunk = st.text(alphabet="ab :.,'-#", max_size=8)
_value = st.text(alphabet="Xy 0:/.'-", min_size=1, max_size=8)


@given(st.lists(st.tuples(_plain_chunk, _value, st.sampled_from(sorted(LABELS))), max_size=6))
def test_round_trip(parts: list[tuple[str, str, str]]) -> None:
    """Marking up known values and parsing them back gives the same values at the same places."""
    marked = "S" + "".join(f"{chunk}[[{label}:{value}]]" for chunk, value, label in parts) + "E"
    [(plain, spans)] = parse_marked_notes(marked)
    assert plain == re.sub(r"\[\[[A-Z_]+:(.*?)\]\]", r"\1", marked)
    assert _values(plain, spans) == [(value, label) for _, value, label in parts]


# ---- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("Call [[PERSON:Jane Doe today.", "unclosed"),
        ("Call [[PERSON:Jane\nDoe]] today.", "unclosed"),
        ("Call [[NAME:Jane Doe]] today.", "unknown label"),
        ("Call [[person:Jane Doe]] today.", "unknown label"),
        ("Call [[Jane Doe]] today.", "no 'LABEL:'"),
        ("Call [[PERSON:]] today.", "empty PERSON span"),
        ("Call Jane Doe]] today.", "without an opening"),
        ("Call [[PERSON:Jane [[PERSON:Doe]] today.", "inside a span"),
    ],
)
def test_malformed_markup_names_the_note(bad: str, problem: str) -> None:
    text = f"# comment\n[[LOCATION:Leeds]] is fine\n---\nline one of note 2\n{bad}\n---\nok\n"
    with pytest.raises(ValueError) as info:
        parse_marked_notes(text)
    message = str(info.value)
    assert "note 2" in message
    assert problem in message
    assert not any(secret in message for secret in SECRETS)


def test_error_gives_input_line_and_column() -> None:
    text = "fine\n---\n# comment\nx\nab [[PERSON:Kerry"
    with pytest.raises(ValueError, match=r"note 2, line 5, column 4: unclosed"):
        parse_marked_notes(text)


# ---- the shipped hand-labelled notes -------------------------------------------------------------
def _nhs_mod11_ok(digits: str) -> bool:
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _ni_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", compact):
        return False
    first, second, prefix = compact[0], compact[1], compact[:2]
    return (
        first not in "DFIQUV"
        and second not in "DFIOQUV"
        and prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
    )


@pytest.fixture(scope="module")
def shipped() -> list[tuple[str, list[tuple[int, int, str]]]]:
    return parse_marked_notes(DATA_FILE.read_text(encoding="utf-8"))


def test_nhs_check_helper() -> None:
    assert _nhs_mod11_ok("9434765919")  # NHS Digital's published example
    assert not _nhs_mod11_ok("9434765918")


def test_shipped_file_has_45_notes(shipped: list[tuple[str, list[tuple[int, int, str]]]]) -> None:
    assert len(shipped) == 45


def test_shipped_notes_are_40_to_250_words(
    shipped: list[tuple[str, list[tuple[int, int, str]]]],
) -> None:
    for number, (plain, _) in enumerate(shipped, start=1):
        assert 40 <= len(plain.split()) <= 250, f"note {number}"


def test_shipped_spans_are_trimmed_and_ordered(
    shipped: list[tuple[str, list[tuple[int, int, str]]]],
) -> None:
    for number, (plain, spans) in enumerate(shipped, start=1):
        assert spans, f"note {number} has no spans"
        previous_end = 0
        for start, end, label in spans:
            value = plain[start:end]
            assert value, f"note {number}: empty {label}"
            assert value == value.strip(), f"note {number}: {label} span has edge whitespace"
            assert "\n" not in value
            assert start >= previous_end, f"note {number}: overlapping spans"
            previous_end = end


def test_shipped_uses_every_label(shipped: list[tuple[str, list[tuple[int, int, str]]]]) -> None:
    counts = Counter(label for _, spans in shipped for _, _, label in spans)
    assert set(counts) == LABELS


def test_shipped_nhs_numbers_pass_mod11(
    shipped: list[tuple[str, list[tuple[int, int, str]]]],
) -> None:
    found = 0
    for number, (plain, spans) in enumerate(shipped, start=1):
        for start, end, label in spans:
            if label == "NHS_NUMBER":
                found += 1
                digits = plain[start:end].replace(" ", "")
                assert _nhs_mod11_ok(digits), f"note {number}: NHS number fails Modulus 11"
    assert found >= 5


def test_shipped_ni_numbers_follow_prefix_rules(
    shipped: list[tuple[str, list[tuple[int, int, str]]]],
) -> None:
    for number, (plain, spans) in enumerate(shipped, start=1):
        for start, end, label in spans:
            if label == "NI_NUMBER":
                assert _ni_ok(plain[start:end]), f"note {number}: NI number breaks HMRC rules"


def test_shipped_phone_numbers_are_fictional(
    shipped: list[tuple[str, list[tuple[int, int, str]]]],
) -> None:
    """Every phone number sits in an Ofcom range reserved for drama (never a real line)."""
    drama = (
        "07700900",
        "01134960",
        "01144960",
        "01154960",
        "01164960",
        "01174960",
        "01214960",
        "01614960",
        "01914980",
        "02079460",
        "01632960",
    )
    for number, (plain, spans) in enumerate(shipped, start=1):
        for start, end, label in spans:
            if label == "PHONE_NUMBER":
                digits = re.sub(r"\D", "", plain[start:end])
                if digits.startswith("44"):
                    digits = "0" + digits[2:]
                assert len(digits) == 11 and digits.startswith(drama), f"note {number}"
