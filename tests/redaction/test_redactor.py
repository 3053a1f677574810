"""The Redactor's contract: bad input, long notes, offsets, batches, failing closed, no leaks."""

from __future__ import annotations

import logging
import re
import traceback

import pytest
from presidio_analyzer import RecognizerResult

from referral_nlp.redaction import (
    RedactionConfig,
    RedactionError,
    RedactionResult,
    Redactor,
    RedactorLoadError,
)
from referral_nlp.redaction import redactor as redactor_module
from referral_nlp.redaction.chunking import chunk_bounds

PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*_\d+>")
NBSP = "\u00a0"

#: A note dense with personal data (all fictional); the values are what must never leak.
PII_NOTE = (
    "Mum Sarah JONES (DOB 04/07/1990) rang MASH from 07700 900123 about Kayden JONES. "
    "She lives at 12 Acacia Avenue, Leeds LS1 4AB; e-mail sarah.jones@example.com; "
    "NHS number 943 476 5919."
)
PII_VALUES = (
    "Sarah",
    "JONES",
    "Kayden",
    "04/07/1990",
    "07700 900123",
    "07700",
    "900123",
    "Acacia",
    "LS1 4AB",
    "sarah.jones@example.com",
    "943 476 5919",
)


def labelled_pieces(text: str, result: RedactionResult) -> list[tuple[str, str]]:
    """``[(original value, placeholder), ...]``; asserts the output is the input with exactly
    the entity spans replaced (nothing lost, nothing truncated, nothing else changed)."""
    out, pos, prev = [], 0, 0
    redacted = result.redacted_text
    for e in result.entities:
        gap = text[prev : e.start]
        assert redacted.startswith(gap, pos), f"text before offset {e.start} changed"
        pos += len(gap)
        m = PLACEHOLDER.match(redacted, pos)
        assert m, f"no placeholder where the span at {e.start} was"
        out.append((text[e.start : e.end], m.group(0)))
        pos, prev = m.end(), e.end
    assert redacted[pos:] == text[prev:], "the text after the last span changed or was cut"
    return out


def assert_well_formed(text: str, result: RedactionResult) -> None:
    """Offsets index the original text, sorted and non-overlapping."""
    last_end = 0
    for e in result.entities:
        assert 0 <= last_end <= e.start < e.end <= len(text), (e, last_end)
        last_end = e.end
    labelled_pieces(text, result)


def redacted_mask(result: RedactionResult, n: int) -> bytearray:
    """1 for each character of the original text inside some entity."""
    mask = bytearray(n)
    for e in result.entities:
        mask[e.start : e.end] = b"\x01" * (e.end - e.start)
    return mask


# ---- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", " ", "   \n\t  \r\n"])
def test_empty_or_whitespace_gives_empty_result(redactor, text):
    result = redactor.redact(text)
    assert result.redacted_text == text
    assert result.entities == ()
    assert redactor.analyze(text) == []


@pytest.mark.parametrize(
    ("value", "type_name"), [(None, "NoneType"), (b"Mum", "bytes"), (7, "int")]
)
def test_non_string_raises_clear_type_error(redactor, value, type_name):
    with pytest.raises(TypeError, match=rf"text must be a str, got {type_name}"):
        redactor.redact(value)
    with pytest.raises(TypeError, match=type_name):
        list(redactor.redact_many(["Mum called.", value]))


# ---- offsets ----------------------------------------------------------------------------------
def test_misread_digits_are_redacted_and_kept_as_written(redactor):
    text = "Tel : 0l632 96O 5l8. NHS No. 262 915 O488."
    result = redactor.redact(text)
    assert [text[e.start : e.end] for e in result.entities] == ["0l632 96O 5l8", "262 915 O488"]
    assert result.redacted_text == "Tel : <PHONE_NUMBER_1>. NHS No. <NHS_NUMBER_1>."


def test_misread_letters_in_a_name_are_redacted_and_kept_as_written(redactor):
    text = "Patient: Mr Tobenna 0bi. GP: Dr He1en Marsh, Claremont Road."
    result = redactor.redact(text)
    found = [text[e.start : e.end] for e in result.entities]
    assert "Mr Tobenna 0bi" in found and "Dr He1en Marsh" in found
    assert "0bi" not in result.redacted_text and "He1en" not in result.redacted_text


@pytest.mark.parametrize(
    "postcode", ["bd5 0rt", "m1 0aa", "pe21 0jq", "s73 0ab", "sw1a 1aa", "ec1a 0bb", "w1a 0ax"]
)
def test_a_lower_case_postcode_the_scanner_rules_misread_is_redacted(redactor, postcode):
    # The misread-letter rule had read "0rt" as a scanned "Ort" and "sw1a" as "swla": lost.
    text = f"new address 4 Elm Grove, {postcode}. Moved to {postcode} last week."
    result = redactor.redact(text)
    assert postcode.split()[1] not in result.redacted_text
    assert "POSTCODE" in {e.entity_type for e in result.entities}


def test_a_value_the_redactor_starts_on_is_redacted_whole(redactor):
    # The age rule reads the scanned "1O" as "1"; the "O" must not show beside its placeholder.
    assert redactor.redact("Age: 1O   NHS No").redacted_text == "Age: <AGE_1>   NHS No"


def test_offsets_index_the_original_text(redactor):
    result = redactor.redact(PII_NOTE)
    assert_well_formed(PII_NOTE, result)
    by_value = {PII_NOTE[e.start : e.end]: e.entity_type for e in result.entities}
    # Each of these comes after earlier replacements changed the length of the text.
    assert by_value["sarah.jones@example.com"] == "EMAIL_ADDRESS"
    assert by_value["943 476 5919"] == "NHS_NUMBER"
    assert by_value["04/07/1990"] == "DATE_OF_BIRTH"
    assert by_value["07700 900123"] == "PHONE_NUMBER"
    for value in PII_VALUES:
        assert value not in result.redacted_text
    d = result.to_dict()
    assert set(d["entities"][0]) == {"start", "end", "entity_type", "score"}


# ---- long notes -------------------------------------------------------------------------------
def _long_note(n_chars: int) -> tuple[str, list[tuple[int, int]]]:
    """Repeated fictional visit lines dense with personal data, and where each value sits.

    Only the values keep ordinary spaces; the words around them are joined by no-break spaces.
    Windows end (and start) at an ordinary space, so every chunk border falls inside a value.
    """
    parts, planted, pos, i = [], [], 0, 0
    while pos < n_chars:
        values = [
            "Sarah JONES",
            "04/07/1990",
            f"07700 900{i % 1000:03d}",
            f"sarah.jones{i}@example.com",
            "943 476 5919",
            "12 Acacia Avenue",
            "LS1 4AB",
        ]
        line = (
            "Visit {n}: Mum {0} (DOB {1}) phoned from {2}, e-mail {3}; NHS number {4}; "
            "lives at {5}, Leeds {6}. Child seen alone and settled; NFA. "
        ).format(*values, n=i)
        chars = list(line.replace(" ", NBSP))
        for v in values:
            at = line.index(v)
            chars[at : at + len(v)] = v
            planted.append((pos + at, pos + at + len(v)))
        parts.append("".join(chars))
        pos += len(line)
        i += 1
    return "".join(parts), planted


def _check_long_note(redactor: Redactor, text: str, planted: list[tuple[int, int]]) -> None:
    bounds = chunk_bounds(text, redactor.config.chunk_chars, redactor.config.chunk_overlap)
    assert len(bounds) > 1
    borders = {b for pair in bounds for b in pair} - {0, len(text)}
    straddling = [(s, e) for s, e in planted if any(s < b < e for b in borders)]
    assert len(straddling) >= len(bounds) - 1, "every window end should fall inside a value"

    result = redactor.redact(text)
    mask = redacted_mask(result, len(text))
    missed = [text[s:e] for s, e in planted if not all(mask[s:e])]
    assert missed == []
    pieces = labelled_pieces(text, result)  # the whole note is there, in order
    assert sum(len(v) for v, _ in pieces) <= len(text)
    assert "sarah.jones" not in result.redacted_text
    assert result.redacted_text.endswith(f"settled;{NBSP}NFA.{NBSP}")
    assert_well_formed(text, result)


@pytest.fixture(scope="module")
def small_chunk_redactor():
    """Windows of 1,000 characters, so a short note crosses many chunk borders."""
    return Redactor(RedactionConfig(chunk_chars=1000, chunk_overlap=200))


def test_values_across_chunk_borders_are_redacted(small_chunk_redactor):
    text, planted = _long_note(12_000)
    _check_long_note(small_chunk_redactor, text, planted)


@pytest.mark.slow
def test_one_megabyte_note_is_redacted_whole(redactor):
    text, planted = _long_note(1_000_000)
    assert len(text) >= 1_000_000
    _check_long_note(redactor, text, planted)


class _TokenAnalyzer:
    """Stands in for Presidio: reports each whole reference in a window, records the windows."""

    TOKEN = re.compile(r"ZXQ \d{3} \d{3}")

    def __init__(self) -> None:
        self.windows: list[int] = []

    def analyze(self, text, language, entities, **kwargs):
        self.windows.append(len(text))
        return [
            RecognizerResult("CASE_REFERENCE", m.start(), m.end(), 0.9)
            for m in self.TOKEN.finditer(text)
        ]


def test_one_megabyte_note_is_analysed_in_full(redactor, monkeypatch):
    """Every window of a 1 MB note is analysed and its offsets shifted back (no spaCy here)."""
    line = "Notes of the visit; reference ZXQ {:03d} {:03d} was given to the family by the SW.\n"
    lines = [line.format(i % 1000, (i * 7) % 1000) for i in range(13_000)]
    text = "".join(lines)
    assert len(text) > 1_000_000
    fake = _TokenAnalyzer()
    monkeypatch.setattr(redactor, "_analyzer", fake)

    result = redactor.redact(text)

    config = redactor.config
    assert len(fake.windows) == len(chunk_bounds(text, config.chunk_chars, config.chunk_overlap))
    assert max(fake.windows) <= config.chunk_chars
    tokens = [m.span() for m in _TokenAnalyzer.TOKEN.finditer(text)]
    assert len(result.entities) == len(tokens) == 13_000
    assert [(e.start, e.end) for e in result.entities] == tokens
    assert _TokenAnalyzer.TOKEN.search(result.redacted_text) is None
    pieces = labelled_pieces(text, result)
    assert {label for _, label in pieces} >= {"<CASE_REFERENCE_1>", "<CASE_REFERENCE_1000>"}


# ---- batches ----------------------------------------------------------------------------------
BATCH = [
    PII_NOTE,
    "",
    "Dad Mark Smith called from 07700 900456 about Kayden, DOB 01/02/2015.",
    "   ",
    "No concerns; NFA. Case closed by the MASH team manager.",
    "School DSL Mrs Patel e-mailed dsl@oakfield.sch.uk about Tyler Brown, aged 9.",
]


def _same(a: RedactionResult, b: RedactionResult) -> bool:
    return a.redacted_text == b.redacted_text and a.entities == b.entities


def test_redact_many_equals_redact(redactor):
    batch = list(redactor.redact_many(BATCH))
    assert len(batch) == len(BATCH)
    for text, got in zip(BATCH, batch, strict=True):
        assert _same(got, redactor.redact(text))


def test_redact_many_accepts_a_generator(redactor):
    got = list(redactor.redact_many(t for t in BATCH[:3]))
    assert [r.redacted_text for r in got] == [redactor.redact(t).redacted_text for t in BATCH[:3]]


@pytest.fixture(scope="module")
def two_process_redactor():
    return Redactor(RedactionConfig(n_process=2, batch_size=8))


def test_redact_many_in_two_processes_equals_redact(redactor, two_process_redactor, monkeypatch):
    n = redactor_module.AUTO_PROCESS_MIN_NOTES
    notes = [f"{BATCH[i % len(BATCH)]} Visit {i} by SW." for i in range(n)]
    pools = []
    original = Redactor._redact_in_pool

    def spy(self, batches, workers):
        pools.append(workers)
        yield from original(self, batches, workers)

    monkeypatch.setattr(Redactor, "_redact_in_pool", spy)
    got = list(two_process_redactor.redact_many(notes))
    assert pools == [2], "the batch should have gone to a pool of two workers"
    assert len(got) == n
    for text, res in zip(notes, got, strict=True):  # same results, in input order
        assert _same(res, redactor.redact(text))


@pytest.mark.parametrize(
    ("lengths", "parts", "max_notes"),
    [
        ([80] * 40 + [4000] * 10 + [700] * 20, 16, 32),  # chat lines, judgments, notes
        ([500] * 100, 8, 5),  # the note cap binds before the character target
        ([10], 16, 32),
        ([], 4, 32),
    ],
)
def test_pool_batches_are_contiguous_and_balanced_by_characters(lengths, parts, max_notes):
    texts = [chr(65 + i % 26) * n for i, n in enumerate(lengths)]
    batches = list(redactor_module._batched_by_chars(texts, parts, max_notes))
    assert [t for b in batches for t in b] == texts  # every note once, in input order
    assert all(0 < len(b) <= max_notes for b in batches)
    target = -(-sum(lengths) // parts) if lengths else 0
    # No batch holds more than the target plus the one note that crossed it.
    assert all(sum(map(len, b)) < target + max(lengths, default=0) for b in batches)


def test_pool_batches_pass_a_non_string_through_to_fail_where_it_is_redacted():
    batches = list(redactor_module._batched_by_chars(["a" * 10, None, "b"], 2, 32))
    assert [t for b in batches for t in b] == ["a" * 10, None, "b"]


def test_auto_workers_only_for_big_batches(redactor):
    assert redactor.config.n_process == 0
    assert redactor.workers_for(redactor_module.AUTO_PROCESS_MIN_NOTES - 1) == 1
    assert 1 <= redactor.workers_for(10_000) <= redactor_module.AUTO_PROCESS_MAX


def test_progress_bar_does_not_change_results(redactor, capsys):
    with_bar = list(redactor.redact_many(BATCH, progress=True))
    err = capsys.readouterr().err
    assert "redacting" in err and f"{len(BATCH)}/{len(BATCH)}" in err
    for value in PII_VALUES:
        assert value not in err
    without = list(redactor.redact_many(BATCH, progress=False))
    assert all(_same(a, b) for a, b in zip(with_bar, without, strict=True))
    assert "redacting" not in capsys.readouterr().err


# ---- failing closed ---------------------------------------------------------------------------
def test_missing_model_fails_at_construction():
    with pytest.raises(RedactorLoadError) as info:
        Redactor(RedactionConfig(spacy_model="no_such_spacy_model_xyz"))
    message = str(info.value)
    assert "no_such_spacy_model_xyz" in message and "not installed" in message
    assert "spacy_model" in message  # says which setting to fix


def _assert_leaks_nothing(exc: BaseException) -> None:
    assert exc.__cause__ is None and exc.__context__ is None, "the original error is kept"
    rendered = "".join(traceback.format_exception(exc)) + repr(exc) + str(exc)
    for value in PII_VALUES:
        assert value not in rendered, value


def test_analysis_failure_raises_without_text(small_chunk_redactor, monkeypatch):
    text = (PII_NOTE + " ") * 12  # several windows: fail on the second
    assert len(chunk_bounds(text, 1000, 200)) > 2
    analyzer = small_chunk_redactor._analyzer
    real, calls = analyzer.analyze, []

    def flaky(text, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValueError(f"cannot parse {text!r}")
        return real(text=text, **kwargs)

    monkeypatch.setattr(analyzer, "analyze", flaky)
    result = None
    with pytest.raises(RedactionError) as info:
        result = small_chunk_redactor.redact(text)
    assert result is None
    assert len(calls) == 2
    assert "ValueError" in str(info.value)
    _assert_leaks_nothing(info.value)

    calls.clear()
    with pytest.raises(RedactionError) as info:
        list(small_chunk_redactor.redact_many([text]))
    _assert_leaks_nothing(info.value)


def test_replacement_failure_raises_without_text(redactor, monkeypatch):
    def broken(text, entities):
        raise RuntimeError(f"bad span in {text}")

    monkeypatch.setattr(redactor._replacer, "replace_with_spans", broken)
    with pytest.raises(RedactionError) as info:
        redactor.redact(PII_NOTE)
    _assert_leaks_nothing(info.value)


def test_debug_logs_hold_no_personal_data(redactor, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="presidio-analyzer")
    redactor.redact(PII_NOTE)
    list(redactor.redact_many([PII_NOTE, "Dad Sarah JONES rang from 07700 900123."]))
    assert caplog.records, "expected Presidio's debug lines to be captured"
    for record in caplog.records:
        message = record.getMessage().lower()  # Presidio logs lower-cased words
        for value in PII_VALUES:
            assert value.lower() not in message, (record.name, value)
