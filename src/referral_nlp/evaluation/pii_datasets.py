"""Loaders for labelled PII data: gold character spans to score redaction against.

Three formats are read, each into the same :class:`LabelledDocument` shape:

* **presidio-research** (``synth_dataset_v2.json``): a JSON array of
  ``{"full_text": ..., "spans": [{"entity_type", "entity_value", "start_position",
  "end_position"}], ...}``. ``doc_id`` is the record's 0-based index as a string.
* **TAB** (Text Anonymization Benchmark): a directory holding ``tab_test_texts.json`` (doc id ->
  text) and ``tab_test_entity_spans.json`` (doc id -> ``[[start, end, TYPE], ...]``), joined on
  the doc id. Documents keep the order of the texts file.
* **project JSONL**: one object a line, ``{"id": ..., "text": ..., "pii_spans": [{"start",
  "end", "label"}]}`` (field names configurable).

Offsets are 0-based character offsets into the text, end exclusive. Every span must satisfy
``0 <= start < end <= len(text)``; spans come back sorted by ``(start, end, label)``.

Errors are :class:`~referral_nlp.io.InputError` (a ``ValueError``) naming the file, the record or
line, the field and what was wrong. They never quote a text, a span's value or a malformed line:
these files hold personal data. Offsets, lengths and entity labels are not personal data and may
appear.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_nlp.io import InputError

logger = logging.getLogger(__name__)

__all__ = [
    "TAB_SPANS_FILE",
    "TAB_TEXTS_FILE",
    "GoldSpan",
    "LabelledDocument",
    "load_labelled",
    "load_marked_notes",
    "load_pii_jsonl",
    "load_presidio_research",
    "load_tab",
]

TAB_TEXTS_FILE = "tab_test_texts.json"
TAB_SPANS_FILE = "tab_test_entity_spans.json"

_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_ACCEPTED = (
    "a .jsonl file with one {id, text, pii_spans: [{start, end, label}]} object a line; "
    "a presidio-research .json file (a JSON array of objects with 'full_text' and 'spans'); "
    f"a TAB directory holding {TAB_TEXTS_FILE} and {TAB_SPANS_FILE}; "
    "or a .txt file of notes marked up as [[LABEL:value]] (referral_nlp.evaluation.markup)"
)


@dataclass(frozen=True)
class GoldSpan:
    """One gold PII mention: ``text[start:end]`` (end exclusive) carries ``label``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class LabelledDocument:
    """A text and its gold spans, sorted by ``(start, end, label)``."""

    doc_id: str
    text: str
    spans: tuple[GoldSpan, ...]


# ---- shared checks -------------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    # bool is an int subclass; a true/false offset is a data error, not 1/0.
    return isinstance(value, int) and not isinstance(value, bool)


def _make_span(start: Any, end: Any, label: Any, text_len: int, where: str) -> GoldSpan:
    """Check one span; ``where`` locates it ("file, record 3, span 2") for the error message.

    Messages give types, offsets and the text length, never the value of a bad field: a
    string in an offset field could be the name itself.
    """
    for name, value in (("start", start), ("end", end)):
        if not _is_int(value):
            raise InputError(f"{where}: {name} must be an integer, got {type(value).__name__}.")
    if not isinstance(label, str) or not label:
        raise InputError(f"{where}: label must be a non-empty string, got {type(label).__name__}.")
    if not 0 <= start < end <= text_len:
        raise InputError(
            f"{where}: offsets start={start}, end={end} break 0 <= start < end <= len(text) "
            f"(len(text)={text_len}); offsets are 0-based characters with the end exclusive."
        )
    return GoldSpan(start, end, label)


def _make_document(doc_id: str, text: str, spans: Iterable[GoldSpan]) -> LabelledDocument:
    return LabelledDocument(
        doc_id, text, tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label)))
    )


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not valid UTF-8.") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        # exc.msg describes the syntax problem without quoting the document.
        raise InputError(
            f"{path}: malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None


def _require_text(value: Any, where: str, field: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: field {field!r} must be a string, got {type(value).__name__}.")
    return value


def _require_list(value: Any, where: str, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{where}: field {field!r} must be a list, got {type(value).__name__}.")
    return value


def _read_span(raw: Any, keys: tuple[str, str, str], text_length: int, where: str) -> GoldSpan:
    """The gold span of one span object whose ``keys`` hold its start, end and label (each
    format names them its own way)."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object, got {type(raw).__name__}.")
    for key in keys:
        if key not in raw:
            raise InputError(f"{where}: missing field {key!r}.")
    start, end, label = (raw[key] for key in keys)
    return _make_span(start, end, label, text_length, where)


#: presidio-research's names for a span's start, end and label.
_PRESIDIO_SPAN_KEYS = ("start_position", "end_position", "entity_type")


# ---- presidio-research ---------------------------------------------------------------------------
def load_presidio_research(path: str | Path) -> list[LabelledDocument]:
    """Read a presidio-research JSON array (``full_text`` + ``spans``); doc ids are indexes."""
    path = Path(path)
    return _presidio_from_data(_read_json(path), path)


def _presidio_from_data(data: Any, path: Path) -> list[LabelledDocument]:
    if not isinstance(data, list):
        raise InputError(
            f"{path}: expected a JSON array of presidio-research records, "
            f"got a JSON {type(data).__name__}."
        )
    docs = []
    for index, record in enumerate(data):
        # The doc id is the 0-based index, so errors use the same number.
        where = f"{path}, record index {index}"
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}.")
        if "full_text" not in record:
            raise InputError(f"{where}: missing field 'full_text'.")
        text = _require_text(record["full_text"], where, "full_text")
        raw_spans = record.get("spans")
        if raw_spans is None:
            raw_spans = []  # presidio-research writes negatives as [], but null is harmless
        spans = []
        for k, raw in enumerate(_require_list(raw_spans, where, "spans")):
            span_where = f"{where}, span {k}"
            span = _read_span(raw, _PRESIDIO_SPAN_KEYS, len(text), span_where)
            # entity_value duplicates the slice; a mismatch means the offsets are shifted (an
            # off-by-one or a re-encoded text), which would silently skew every score.
            value = raw.get("entity_value")
            if value is not None and value != text[span.start : span.end]:
                raise InputError(
                    f"{span_where}: 'entity_value' does not equal full_text[start_position:"
                    f"end_position] (offsets {span.start}-{span.end}); the offsets and text "
                    "disagree."
                )
            spans.append(span)
        docs.append(_make_document(str(index), text, spans))
    logger.debug("%s: %d presidio-research records", path, len(docs))
    return docs


# ---- TAB -----------------------------------------------------------------------------------------
def load_tab(texts_path: str | Path, spans_path: str | Path) -> list[LabelledDocument]:
    """Join TAB's doc id -> text and doc id -> ``[[start, end, TYPE], ...]`` files.

    Both files must list the same doc ids: a one-sided id means the two files do not belong
    together, and scoring a text without its spans would count every redaction as wrong.
    """
    texts_path, spans_path = Path(texts_path), Path(spans_path)
    texts = _read_json(texts_path)
    spans_by_id = _read_json(spans_path)
    for p, data in ((texts_path, texts), (spans_path, spans_by_id)):
        if not isinstance(data, dict):
            raise InputError(
                f"{p}: expected a JSON object mapping doc id to "
                f"{'text' if p == texts_path else 'a list of [start, end, TYPE]'}, "
                f"got a JSON {type(data).__name__}."
            )
    _check_same_ids(texts, spans_by_id, texts_path, spans_path)

    docs = []
    for doc_id, text in texts.items():
        text = _require_text(text, f"{texts_path}, doc {doc_id!r}", "text")
        raw_spans = spans_by_id[doc_id]
        where = f"{spans_path}, doc {doc_id!r}"
        if not isinstance(raw_spans, list):
            raise InputError(
                f"{where}: expected a list of [start, end, TYPE], got {type(raw_spans).__name__}."
            )
        spans = []
        for k, raw in enumerate(raw_spans):
            span_where = f"{where}, span {k}"
            if not isinstance(raw, list) or len(raw) != 3:
                shape = f"a list of {len(raw)}" if isinstance(raw, list) else type(raw).__name__
                raise InputError(f"{span_where}: expected [start, end, TYPE], got {shape}.")
            spans.append(_make_span(raw[0], raw[1], raw[2], len(text), span_where))
        docs.append(_make_document(doc_id, text, spans))
    logger.debug("%s: %d TAB documents", texts_path, len(docs))
    return docs


def _check_same_ids(
    texts: Mapping[str, Any], spans: Mapping[str, Any], texts_path: Path, spans_path: Path
) -> None:
    # Doc ids are case numbers, not personal data, so naming a few helps find the mismatch.
    for have, lack, have_path, lack_path in (
        (texts, spans, texts_path, spans_path),
        (spans, texts, spans_path, texts_path),
    ):
        missing = [doc_id for doc_id in have if doc_id not in lack]
        if missing:
            shown = ", ".join(repr(m) for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise InputError(
                f"{lack_path}: {len(missing)} doc id(s) in {have_path.name} are missing here "
                f"({shown}); the texts and spans files must hold the same doc ids."
            )


# ---- project JSONL -------------------------------------------------------------------------------
def load_pii_jsonl(
    path: str | Path,
    *,
    id_field: str = "id",
    text_field: str = "text",
    spans_field: str = "pii_spans",
) -> list[LabelledDocument]:
    """Read JSONL with one ``{id, text, pii_spans: [{start, end, label}]}`` object a line.

    Blank lines are skipped; line numbers in errors count them, so they match an editor. The
    spans field is required (use ``[]`` for a document with no PII) so that a misspelt field
    name fails loudly instead of scoring every document as a negative. Ids must be unique.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    docs = []
    seen: dict[str, int] = {}
    with path.open("rb") as fh:
        for lineno, raw_line in enumerate(fh, start=1):
            if not raw_line.strip():
                continue
            where = f"{path}, line {lineno}"
            record = _parse_json_line(raw_line, where)
            if id_field not in record or record[id_field] is None:
                raise InputError(f"{where}: missing field {id_field!r}.")
            raw_id = record[id_field]
            if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
                raise InputError(
                    f"{where}: field {id_field!r} must be a string or an integer, "
                    f"got {type(raw_id).__name__}."
                )
            doc_id = str(raw_id)
            if doc_id in seen:
                raise InputError(
                    f"{where}: duplicate {id_field!r} (first seen on line {seen[doc_id]}); "
                    "ids must be unique."
                )
            seen[doc_id] = lineno
            if text_field not in record:
                raise InputError(f"{where}: missing field {text_field!r}.")
            text = _require_text(record[text_field], where, text_field)
            if spans_field not in record:
                raise InputError(
                    f"{where}: missing field {spans_field!r} (use [] for a document without "
                    "PII, or pass spans_field= if the spans live under another name)."
                )
            spans = [
                _read_span(
                    raw, ("start", "end", "label"), len(text), f"{where}, {spans_field}[{k}]"
                )
                for k, raw in enumerate(_require_list(record[spans_field], where, spans_field))
            ]
            docs.append(_make_document(doc_id, text, spans))
    logger.debug("%s: %d JSONL documents", path, len(docs))
    return docs


def _parse_json_line(raw_line: bytes, where: str) -> dict[str, Any]:
    try:
        line = raw_line.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{where}: not valid UTF-8.") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # exc.msg and the column locate the problem without quoting the line.
        raise InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno}).") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}.")
    return record


# ---- marked-up notes ----------------------------------------------------------------------
def load_marked_notes(path: str | Path) -> list[LabelledDocument]:
    """Hand-labelled notes in ``[[LABEL:value]]`` markup; ids are ``<file stem>-<n>``."""
    from referral_nlp.evaluation.markup import parse_marked_notes

    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read as UTF-8 text ({type(exc).__name__}).") from None
    try:
        notes = parse_marked_notes(raw)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return [
        _make_document(f"{path.stem}-{n}", text, (GoldSpan(s, e, lab) for s, e, lab in spans))
        for n, (text, spans) in enumerate(notes, start=1)
    ]


# ---- auto-detection ------------------------------------------------------------------------------
def load_labelled(path: str | Path) -> list[LabelledDocument]:
    """Load any of the three formats, chosen from what ``path`` is.

    * a ``.jsonl`` (or ``.ndjson``) file -> :func:`load_pii_jsonl`;
    * a ``.json`` file holding a list of objects with ``full_text`` -> presidio-research;
    * a directory holding the two TAB files -> :func:`load_tab`.

    Anything else raises ``ValueError`` listing the accepted formats.
    """
    path = Path(path)
    if path.is_dir():
        texts, spans = path / TAB_TEXTS_FILE, path / TAB_SPANS_FILE
        if texts.is_file() and spans.is_file():
            return load_tab(texts, spans)
        raise InputError(
            f"{path}: a directory, but not a TAB directory (needs both {TAB_TEXTS_FILE} and "
            f"{TAB_SPANS_FILE}). Accepted: {_ACCEPTED}."
        )
    if not path.exists():
        raise InputError(f"{path}: no such file or directory. Accepted: {_ACCEPTED}.")
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return load_pii_jsonl(path)
    if suffix == ".txt":
        return load_marked_notes(path)
    if suffix == ".json":
        data = _read_json(path)  # parsed once, then handed to the presidio reader
        if (
            isinstance(data, list)
            and data
            and isinstance(data[0], dict)
            and ("full_text" in data[0])
        ):
            return _presidio_from_data(data, path)
        raise InputError(
            f"{path}: a .json file, but not a non-empty JSON array of objects with 'full_text' "
            f"(presidio-research). Accepted: {_ACCEPTED}."
        )
    raise InputError(
        f"{path}: cannot tell the format from the extension {path.suffix!r}. Accepted: {_ACCEPTED}."
    )
