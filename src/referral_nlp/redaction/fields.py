"""Redact the text fields of records: the one place a record's free text is redacted.

Training (the redacted corpus), evaluation, ``predict`` and the service all call
:func:`redact_fields` with the text fields **the model reads** (its config's ``text_fields``),
so a model trained on another text field gets that field redacted everywhere, never served raw.
Every text of every record goes through one ``redact_many`` call (batched, in order).

Fails closed: a :class:`~referral_nlp.redaction.RedactionError` propagates and nothing is
returned; a redactor that returns the wrong number of results is a ``RedactionError`` too.
A field that is absent or ``None`` stays ``None``; a non-string value is a
:class:`~referral_nlp.io.InputError` naming the record and the field (never the value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from referral_nlp.io import InputError

__all__ = ["redact_fields"]


def redact_fields(
    redactor: Any,
    records: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    *,
    progress: bool = False,
    where: str = "records",
) -> list[dict[str, Any]]:
    """Per record, ``{field: RedactionResult or None}`` for each of ``fields``."""
    from referral_nlp.redaction.redactor import RedactionError

    jobs: list[tuple[int, str, str]] = []
    for i, record in enumerate(records):
        for name in fields:
            value = record.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise InputError(
                    f"{where}, record {i + 1}: field {name!r} must be a string, got "
                    f"{type(value).__name__}."
                )
            jobs.append((i, name, value))
    out: list[dict[str, Any]] = [dict.fromkeys(fields) for _ in records]
    if not jobs:
        return out
    results = list(
        redactor.redact_many([text for _, _, text in jobs], progress=progress, total=len(jobs))
    )
    if len(results) != len(jobs):  # fail closed: never a partial or misaligned corpus
        raise RedactionError(
            f"{where}: redaction returned {len(results)} results for {len(jobs)} texts."
        )
    for (i, name, _), result in zip(jobs, results, strict=True):
        out[i][name] = result
    return out
