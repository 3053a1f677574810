"""Replacement operators: each resolved span becomes a label (or mask) in the original text.

- ``placeholder``: ``<PERSON_1>``, numbered per type in order of first appearance, and the same
  number for every mention of the same person in one note (a bare "Sarah" after "Sarah Jones"
  is still ``<PERSON_1>``), so the model can still tell who did what.
- ``pseudonym``: ``<PERSON_3fa92c1d>``, a keyed HMAC of the normalised value, so the same person
  gets the same tag across a whole corpus. The key is read from the environment, never stored.
- ``mask``: every character replaced by the mask character, keeping the note's layout (line
  breaks inside a span stay, so the masked note has the same lines and length).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Sequence

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.errors import PseudonymKeyError
from referral_nlp.redaction.name_lists import TITLES
from referral_nlp.redaction.spans import Entity

_WORD = re.compile(r"[^\W_]+")
_PERSON_SKIP = TITLES | {"s"}

# A label this module writes: ``<PERSON_2>`` (placeholder) or ``<PERSON_3fa92c1d2e>``
# (pseudonym), for a type of the taxonomy. Text redacted once (a council's pre-redacted export,
# the output of ``redact`` sent on to ``predict``) holds them, and redacting it again must leave
# them as they are: they carry no personal data, and the model was trained on them. Only a
# number of up to four digits, or ten hex digits with a letter among them, counts, so no
# identifier (an NHS number is ten digits) can pass inside angle brackets as a label.
_TYPE_NAMES = "|".join(sorted(map(re.escape, taxonomy.ENTITY_TYPES), key=len, reverse=True))
_LABEL = re.compile(rf"<({_TYPE_NAMES})_(\d{{1,4}}|(?=[0-9]*[a-f])[0-9a-f]{{10}})>")


def normalise_value(entity_type: str, value: str) -> str:
    """The key that decides whether two mentions are the same thing (case and spacing folded)."""
    words = [w.lower() for w in _WORD.findall(value)]
    if entity_type == taxonomy.PERSON:
        words = [w for w in words if w not in _PERSON_SKIP and len(w) > 1] or words
    return " ".join(words)


def load_pseudonym_key(env_var: str) -> bytes:
    key = os.environ.get(env_var, "")
    if len(key) < 16:
        raise PseudonymKeyError(
            f"operator 'pseudonym' needs a secret key of at least 16 characters in the "
            f"environment variable {env_var}; it is {'too short' if key else 'not set'}. "
            "Set it (and keep it out of version control), or choose the 'placeholder' operator."
        )
    return key.encode("utf-8")


def label_regions(text: str) -> list[tuple[int, int]]:
    """Where ``text`` already holds a label this module writes (start, end exclusive)."""
    return [m.span() for m in _LABEL.finditer(text)]


def outside_labels(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` with every label already in ``text`` cut out of them.

    A recogniser may read ``<PERSON_1>`` as a handle or NER as a name; what is left of a span
    beside a label (``<PERSON_1> Smith``) stays redacted, trimmed to its first and last word
    character.
    """
    regions = label_regions(text)
    if not regions:
        return list(entities)
    kept = []
    for e in entities:
        if not any(e.start < hi and lo < e.end for lo, hi in regions):
            kept.append(e)
            continue
        pieces = [(e.start, e.end)]
        for lo, hi in regions:
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, lo)), (max(start, hi), end))
                if part[0] < part[1]
            ]
        for start, end in pieces:
            words = list(_WORD.finditer(text, start, end))
            if words:
                kept.append(Entity(words[0].start(), words[-1].end(), e.entity_type, e.score))
    return kept


def _numbers_in_use(text: str) -> dict[str, int]:
    """The highest placeholder number per type already in ``text`` (new ones count on)."""
    highest: dict[str, int] = {}
    for m in _LABEL.finditer(text):
        if m.group(2).isdigit() and len(m.group(2)) <= 4:
            highest[m.group(1)] = max(highest.get(m.group(1), 0), int(m.group(2)))
    return highest


def _placeholder_labels(text: str, entities: Sequence[Entity]) -> list[str]:
    counters: dict[str, int] = _numbers_in_use(text)
    seen: dict[tuple[str, str], int] = {}
    people: list[tuple[set[str], int]] = []
    labels = []
    for e in sorted(entities, key=lambda e: e.start):
        key = normalise_value(e.entity_type, text[e.start : e.end])
        number = seen.get((e.entity_type, key))
        if number is None and e.entity_type == taxonomy.PERSON:
            # A part of a name seen before ("Sarah" after "Sarah Jones") is the same person.
            words = set(key.split())
            for known, n in people:
                if words and (words <= known or known <= words):
                    number = n
                    break
        if number is None:
            number = counters[e.entity_type] = counters.get(e.entity_type, 0) + 1
            if e.entity_type == taxonomy.PERSON:
                people.append((set(key.split()), number))
        seen[(e.entity_type, key)] = number
        labels.append(f"<{e.entity_type}_{number}>")
    return labels


def _fullest_person_names(keys: Sequence[str]) -> dict[str, str]:
    """Each person key -> the fullest name in the note holding all of its words.

    "sarah" -> "sarah jones" when the note also names Sarah Jones, so a bare mention gets the
    same pseudonym as the full name (ties go to the name mentioned first).
    """
    unique = list(dict.fromkeys(keys))
    fullest = {}
    for key in unique:
        words = set(key.split())
        candidates = [k for k in unique if words and words <= set(k.split())]
        fullest[key] = max(candidates, key=lambda k: len(k.split()), default=key)
    return fullest


def _tag(hexdigest: str) -> str:
    """Ten hex digits of the keyed digest, with a letter among them: ten plain digits could be
    an NHS number, so such a tag would not be kept as a label when the note is redacted again
    (about 1 in 110 digests opens with ten digits; its tenth is then its first letter)."""
    tag = hexdigest[:10]
    if tag.isdigit():
        tag = tag[:9] + next((c for c in hexdigest if c.isalpha()), "a")
    return tag


def _pseudonym_labels(text: str, entities: Sequence[Entity], key: bytes) -> list[str]:
    ordered = sorted(entities, key=lambda e: e.start)
    values = [normalise_value(e.entity_type, text[e.start : e.end]) for e in ordered]
    fullest = _fullest_person_names(
        [v for e, v in zip(ordered, values, strict=True) if e.entity_type == taxonomy.PERSON]
    )
    labels = []
    for e, value in zip(ordered, values, strict=True):
        if e.entity_type == taxonomy.PERSON:
            value = fullest[value]
        hexdigest = hmac.new(
            key, f"{e.entity_type}\x1f{value}".encode(), hashlib.sha256
        ).hexdigest()
        labels.append(f"<{e.entity_type}_{_tag(hexdigest)}>")
    return labels


def _mask(text: str, entities: Sequence[Entity], mask_char: str) -> str:
    chars = list(text)
    for e in entities:
        for i in range(e.start, e.end):
            if chars[i] not in "\r\n":
                chars[i] = mask_char
    return "".join(chars)


class EntityReplacer:
    """Replace resolved entities in a text with one of the operators above."""

    def __init__(self, operator: str, *, mask_char: str = "*", pseudonym_key: bytes | None = None):
        if operator == "pseudonym" and not pseudonym_key:
            raise PseudonymKeyError("operator 'pseudonym' needs a key.")
        self.operator = operator
        self.mask_char = mask_char
        self._key = pseudonym_key

    def replace(self, text: str, entities: Sequence[Entity]) -> str:
        return self.replace_with_spans(text, entities)[0]

    def replace_with_spans(
        self, text: str, entities: Sequence[Entity]
    ) -> tuple[str, list[tuple[int, int]]]:
        """The redacted text and, per entity in text order, where its replacement stands in it
        (so a reviewer's page can highlight what was removed)."""
        if not entities:
            return text, []
        ordered = sorted(entities, key=lambda e: e.start)
        if self.operator == "mask":
            # Presidio's mask operator would mask line breaks too; the layout must survive.
            return _mask(text, ordered, self.mask_char), [(e.start, e.end) for e in ordered]
        labels = (
            _pseudonym_labels(text, ordered, self._key)  # type: ignore[arg-type]
            if self.operator == "pseudonym"
            else _placeholder_labels(text, ordered)
        )
        spans, shift = [], 0
        for e, label in zip(ordered, labels, strict=True):
            spans.append((e.start + shift, e.start + shift + len(label)))
            shift += len(label) - (e.end - e.start)
        return self._anonymize(text, ordered, labels), spans

    @staticmethod
    def _anonymize(text: str, ordered: Sequence[Entity], labels: Sequence[str]) -> str:
        # The spans are resolved (sorted, never overlapping) and every label is computed above,
        # so the replacement is plain slicing; Presidio's anonymizer added only the cost of its
        # entity objects and checks.
        pieces, pos = [], 0
        for e, label in zip(ordered, labels, strict=True):
            pieces.append(text[pos : e.start])
            pieces.append(label)
            pos = e.end
        pieces.append(text[pos:])
        return "".join(pieces)
