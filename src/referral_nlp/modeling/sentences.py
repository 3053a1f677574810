"""The sentences of a redacted note: the unit the model reads, scores and explains.

One place decides what a sentence is, so training, scoring, explanations and the reviewer page
agree on it:

* :func:`split_sentences` gives character spans into the note. A sentence ends at ``. ! ?``
  (and closing quotes or brackets after them) before white space, or at a line break; list
  items and headings on their own lines are sentences too. Abbreviations such as "Mr." or
  "e.g." end no sentence. Spans without a letter or digit are dropped.
* :func:`encoder_text` is what the encoder sees of one sentence: placeholder numbers are
  dropped (``<PERSON_2>`` becomes ``<PERSON>``) and white space folded. Which person a
  placeholder stands for carries no risk, and without the numbers the same sentence in two
  notes is one sentence, so its vector is computed once (the embedding cache keys on this
  text).
* :func:`note_sentences` joins the text fields a model reads (``text`` first) and returns the
  encoder texts of all their sentences, in order.

Why sentences: the risk a note carries sits in statements ("third PPN this month", "no current
concerns re DA") whose meaning often depends on the sentence next to them ("None of this is
happening now."). The model encodes each sentence with the pretrained transformer and lets a
small transformer over the note's sentence vectors relate neighbours (see
:mod:`referral_nlp.modeling.note_head`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from referral_nlp.errors import UserError

__all__ = [
    "encoder_text",
    "join_text_fields",
    "note_sentences",
    "sentence_texts",
    "split_sentences",
]

# A sentence ends at . ! ? (and closing quotes/brackets after them) before white space, or at a
# line break; list items and headings on their own lines are sentences too.
_BOUNDARY = re.compile(r"(?P<mark>[.!?][\"')\]]*)\s+|\n+")
# "Mr. Smith", "e.g. the": abbreviations that end in a full stop but end no sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|Sgt|Insp|No|approx|e\.g|i\.e|etc|vs|cf)\.|\b[A-Z]\.)$"
)
# A numbered placeholder of the redactor's placeholder operator: <PERSON_1>, <DATE_OF_BIRTH_2>.
_NUMBERED_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*?)_\d+>")
_SPACE = re.compile(r"\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, without edge white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end("mark") if match.group("mark") else match.start()
        if (
            "\n" not in match.group(0)
            and match.group("mark")
            and _NO_BREAK_BEFORE.search(text, 0, match.start() + 1)
        ):
            continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if any(c.isalnum() for c in text[a:b]):
            out.append((a, b))
    return out


def encoder_text(sentence: str) -> str:
    """The text the encoder reads for one sentence (placeholder numbers dropped)."""
    return _SPACE.sub(" ", _NUMBERED_PLACEHOLDER.sub(r"<\1>", sentence)).strip()


def sentence_texts(text: str) -> list[str]:
    """Encoder texts of the sentences of one (redacted) text, in order."""
    return [encoder_text(text[a:b]) for a, b in split_sentences(text)]


def join_text_fields(record: Mapping[str, Any], text_fields: Sequence[str]) -> str:
    """The note a model reads: ``text`` and then each other text field, a blank line apart.

    Raises ``ValueError`` naming the field when ``text`` is missing or not a string; other
    fields are optional.
    """
    text = record.get("text")
    if not isinstance(text, str):
        problem = "missing" if text is None else f"not a string ({type(text).__name__})"
        raise UserError(f"field 'text' is {problem}.")
    parts = [text]
    for name in text_fields:
        if name == "text":
            continue
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            parts.append(value)
    return "\n\n".join(parts)


def note_sentences(record: Mapping[str, Any], text_fields: Sequence[str] = ("text",)) -> list[str]:
    """Encoder texts of every sentence of the text fields a model reads (``text`` first)."""
    return sentence_texts(join_text_fields(record, text_fields))
