"""Invisible and look-alike characters do not carry personal data through the redactor.

Every disguise in :mod:`unicode_variants` applied to every value it changes: the value comes out
redacted whole, and every entity offset stays an offset into the text as given.
"""

from __future__ import annotations

import pytest
from unicode_variants import leaks, variants

VARIANTS = variants()


def test_there_are_enough_variants() -> None:
    assert len(VARIANTS) >= 50


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_disguised_value_is_redacted_whole(redactor, variant) -> None:
    result = redactor.redact(variant.text)
    spans = [(e.start, e.end) for e in result.entities]
    assert leaks(variant.text, variant.value, spans) == [], result.redacted_text
    for e in result.entities:  # offsets index the original text
        assert 0 <= e.start < e.end <= len(variant.text)


def test_batch_mode_agrees_with_single_notes(redactor) -> None:
    texts = [v.text for v in VARIANTS]
    batch = list(redactor.redact_many(texts))
    assert [r.entities for r in batch] == [redactor.redact(t).entities for t in texts]
