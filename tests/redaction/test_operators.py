"""Replacement operators: placeholders numbered per note, keyed pseudonyms, layout-keeping masks."""

from __future__ import annotations

import logging
import re

import pytest

from referral_nlp.redaction import Entity, PseudonymKeyError, RedactionConfig, Redactor
from referral_nlp.redaction.operators import EntityReplacer

KEY_ENV = "REFERRAL_NLP_PSEUDONYM_KEY"
KEY = "test-key-0123456789-abcdef"
OTHER_KEY = "another-key-9876543210-zyx"
TAG = re.compile(r"<([A-Z][A-Z_]*)_([0-9a-f]+|\d+)>")


def labels(text: str, redacted: str, entities) -> dict[str, list[str]]:
    """Original value -> the labels it became, in order (checks the rest of the text is kept)."""
    out: dict[str, list[str]] = {}
    pos = prev = 0
    for e in entities:
        gap = text[prev : e.start]
        assert redacted.startswith(gap, pos)
        m = TAG.match(redacted, pos + len(gap))
        assert m, redacted[pos:]
        out.setdefault(text[e.start : e.end], []).append(m.group(0))
        pos, prev = m.end(), e.end
    assert redacted[pos:] == text[prev:]
    return out


# ---- placeholder ------------------------------------------------------------------------------
NOTE = (
    "Mum Sarah JONES rang about Kayden. Dad Mark Smith was not at home. "
    "Later Sarah said Mark had left; Sarah JONES agreed to a TAF."
)


def test_placeholders_are_consistent_within_a_note(redactor):
    result = redactor.redact(NOTE)
    got = labels(NOTE, result.redacted_text, result.entities)
    assert got["Sarah JONES"] == ["<PERSON_1>", "<PERSON_1>"]
    assert got["Sarah"] == ["<PERSON_1>"]  # a later first name alone is the same person
    # Different people get different numbers, in order of first appearance.
    assert got["Kayden"] == ["<PERSON_2>"]
    assert got["Mark Smith"] == ["<PERSON_3>"]
    assert got["Mark"] == ["<PERSON_3>"]


def test_placeholder_numbering_restarts_per_note(redactor):
    redactor.redact(NOTE)
    second = redactor.redact("Dad Mark Smith called the MASH.")
    assert second.redacted_text == "Dad <PERSON_1> called the MASH."


def test_placeholder_numbers_each_type_separately():
    text = "A 07700 900123 B 0113 496 0000 C 07700 900123 D"
    ents = [
        Entity(2, 14, "PHONE_NUMBER", 0.9),
        Entity(17, 30, "PHONE_NUMBER", 0.9),
        Entity(33, 45, "PHONE_NUMBER", 0.9),
    ]
    out = EntityReplacer("placeholder").replace(text, ents)
    assert out == "A <PHONE_NUMBER_1> B <PHONE_NUMBER_2> C <PHONE_NUMBER_1> D"


# ---- pseudonym --------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [None, "", "short-key-15chr"])
def test_pseudonym_without_a_good_key_is_refused(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(KEY_ENV, raising=False)
    else:
        monkeypatch.setenv(KEY_ENV, value)
    with pytest.raises(PseudonymKeyError) as info:
        Redactor(RedactionConfig(operator="pseudonym"))
    message = str(info.value)
    assert KEY_ENV in message and "16 characters" in message
    assert ("too short" if value else "not set") in message
    if value:
        assert value not in message and value not in repr(info.value)


@pytest.fixture(scope="module")
def pseudonym_redactor():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(KEY_ENV, KEY)
        yield Redactor(RedactionConfig(operator="pseudonym"))


def test_pseudonyms_are_consistent_across_notes(pseudonym_redactor):
    first_text = "Mum Sarah JONES rang about Kayden. Sarah was upset."
    second_text = "Spoke to Sarah Jones at school; Kayden was seen."
    first = pseudonym_redactor.redact(first_text)
    second = pseudonym_redactor.redact(second_text)
    a = labels(first_text, first.redacted_text, first.entities)
    b = labels(second_text, second.redacted_text, second.entities)
    tag = a["Sarah JONES"][0]
    assert re.fullmatch(r"<PERSON_[0-9a-f]{10}>", tag)
    assert b["Sarah Jones"] == [tag]  # case folded: the same person across notes
    assert a["Sarah"] == [tag]  # and a bare first name after the full one, within a note
    assert a["Kayden"] == b["Kayden"] != [tag]


def test_pseudonym_key_never_appears(pseudonym_redactor, caplog):
    caplog.set_level(logging.DEBUG)
    text = f"Mum Sarah JONES said {KEY[:8]} is not a name."
    result = pseudonym_redactor.redact(text)
    everything = [
        result.redacted_text,
        repr(result),
        repr(pseudonym_redactor.config),
        str(pseudonym_redactor.config.to_dict()),
        *(r.getMessage() for r in caplog.records),
    ]
    for chunk in everything:
        assert KEY not in chunk
    assert pseudonym_redactor.config.to_dict()["pseudonym_key_env"] == KEY_ENV


def test_different_keys_give_different_tags():
    text = "Mum Sarah JONES rang."
    ents = [Entity(4, 15, "PERSON", 0.9)]
    one = EntityReplacer("pseudonym", pseudonym_key=KEY.encode()).replace(text, ents)
    again = EntityReplacer("pseudonym", pseudonym_key=KEY.encode()).replace(text, ents)
    other = EntityReplacer("pseudonym", pseudonym_key=OTHER_KEY.encode()).replace(text, ents)
    assert one == again
    assert one != other
    assert TAG.fullmatch(one[4:-6]) and TAG.fullmatch(other[4:-6])


def test_pseudonym_tags_depend_on_the_type():
    # The same characters as a person and as a place must not get linkable tags.
    text = "Chester / Chester"
    ents = [Entity(0, 7, "PERSON", 0.9), Entity(10, 17, "LOCATION", 0.9)]
    out = EntityReplacer("pseudonym", pseudonym_key=KEY.encode()).replace(text, ents)
    person, place = TAG.findall(out)
    assert person[0] == "PERSON" and place[0] == "LOCATION" and person[1] != place[1]


# ---- mask -------------------------------------------------------------------------------------
def test_mask_keeps_length_and_line_breaks():
    text = "Lives at 12 Acacia Avenue,\nLeeds LS1 4AB.\nMum Sarah rang."
    address, name = "12 Acacia Avenue,\nLeeds LS1 4AB", "Sarah"
    a, n = text.index(address), text.index(name)
    ents = [Entity(a, a + len(address), "ADDRESS", 1.0), Entity(n, n + 5, "PERSON", 0.9)]
    out = EntityReplacer("mask").replace(text, ents)
    assert out == "Lives at *****************\n*************.\nMum ***** rang."
    assert EntityReplacer("mask", mask_char="#").replace(text, ents[1:]).endswith("Mum ##### rang.")


@pytest.fixture(scope="module")
def mask_redactor():
    return Redactor(RedactionConfig(operator="mask"))


def test_mask_redactor_keeps_layout(mask_redactor):
    text = (
        "Referral from school.\nMum Sarah JONES, 12 Acacia Avenue,\nLeeds LS1 4AB.\n\n"
        "Phone 07700 900123.\n"
    )
    result = mask_redactor.redact(text)
    out = result.redacted_text
    assert len(out) == len(text)
    assert out.splitlines() == [
        "".join("*" if any(e.start <= i < e.end for e in result.entities) else c for i, c in p)
        for p in _lines_with_offsets(text)
    ]
    for value in ("Sarah", "JONES", "Acacia", "LS1 4AB", "07700 900123"):
        assert value not in out
    assert "Referral from school." in out


def _lines_with_offsets(text: str) -> list[list[tuple[int, str]]]:
    lines, current = [], []
    for i, c in enumerate(text):
        if c == "\n":
            lines.append(current)
            current = []
        else:
            current.append((i, c))
    if current:
        lines.append(current)
    return lines


# ---- text redacted before ---------------------------------------------------------------------
def _sample_notes() -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "samples" / "referral_notes.jsonl"
    return [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]


def test_redacting_a_redacted_note_changes_nothing(redactor):
    # redact's output sent on to predict, or a council's export redacted at source, must reach
    # the model with the labels it was trained on, not "<<USERNAME_1>>".
    for text in _sample_notes():
        once = redactor.redact(text).redacted_text
        twice = redactor.redact(once)
        assert twice.redacted_text == once
        assert twice.entities == ()


@pytest.mark.parametrize(
    "label",
    [
        "<PERSON_1>",
        "<PHONE_NUMBER_12>",
        "<DATE_OF_BIRTH_1>",
        "<NHS_NUMBER_3>",
        "<PERSON_3fa92c1d2e>",
    ],
)
def test_a_label_in_a_note_is_kept_as_written(redactor, label):
    text = f"Seen with {label} at home; {label} was calm."
    result = redactor.redact(text)
    assert result.redacted_text == text
    assert result.entities == ()


def test_new_placeholders_count_on_from_the_labels_already_there(redactor):
    result = redactor.redact("Mum <PERSON_1> and Dad Mark Smith were seen; <PERSON_2> was out.")
    assert (
        result.redacted_text == "Mum <PERSON_1> and Dad <PERSON_3> were seen; <PERSON_2> was out."
    )


@pytest.mark.parametrize(
    ("disguised", "value"),
    [
        ("<NHS_NUMBER_4505577104>", "4505577104"),  # ten digits: an NHS number, not a pseudonym
        ("<PERSON_Sarah>", "Sarah"),  # a name is not a number
        ("<SMITH_1>", "SMITH"),  # not a type of the taxonomy
        ("<PHONE_NUMBER_07700900123>", "07700900123"),
    ],
)
def test_an_identifier_dressed_as_a_label_is_still_redacted(redactor, disguised, value):
    result = redactor.redact(f"Contact {disguised} today.")
    assert value not in result.redacted_text
    assert result.entities


def test_a_span_beside_a_label_keeps_what_is_not_the_label():
    from referral_nlp.redaction.operators import outside_labels

    text = "Seen <PERSON_1> Smith today"
    ents = [Entity(5, 21, "PERSON", 0.85), Entity(0, 4, "PERSON", 0.5)]
    assert outside_labels(text, ents) == [
        Entity(16, 21, "PERSON", 0.85),
        Entity(0, 4, "PERSON", 0.5),
    ]
    assert outside_labels(text, [Entity(5, 15, "USERNAME", 0.6)]) == []


def test_a_pseudonym_tag_always_holds_a_letter_so_it_is_kept_when_redacted_again():
    # Ten plain digits could be an NHS number, so such a tag was re-redacted as a handle.
    from referral_nlp.redaction.operators import _tag, label_regions

    assert _tag("0869281568" + "4e" + "0" * 52) == "086928156e"
    assert _tag("3fa92c1d2e" + "0" * 54) == "3fa92c1d2e"  # most tags are unchanged
    text = f"Seen with <PERSON_{_tag('0123456789' + 'f' * 54)}> today."
    assert label_regions(text) == [(10, 29)]  # the whole label
