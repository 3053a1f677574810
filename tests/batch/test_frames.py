"""The per-batch functions: the local engine's records, failures named by row, Spark's shape."""

from __future__ import annotations

import pandas as pd
import pytest
from batch_helpers import toy_cases
from fault_hook import MARKER

from referral_nlp.batch.frames import BatchRowError, frame_records, redact_frame, score_frame
from referral_nlp.redaction import RedactionError

NOTES = [
    "Mum Sarah JONES called re Kayden (DOB 04/07/2016), 12 Elm Road, Leeds LS9 8ZZ.",
    "No current concerns. Grandparent supportive. NFA advised after assessment.",
    "",
]


def test_redact_frame_gives_the_local_engines_records(redactor):
    frame = pd.DataFrame({"id": ["a", 7, "c"], "text": NOTES}, dtype=object)
    out = redact_frame(frame, redactor)
    assert list(out.columns) == ["id", "redacted_text", "entities"]
    expected = [
        {"id": i, **r.to_dict()}
        for i, r in zip(["a", 7, "c"], redactor.redact_many(NOTES), strict=True)
    ]
    assert out.to_dict(orient="records") == expected
    assert "Sarah" not in out.loc[0, "redacted_text"]


class FailingRedactor:
    """The real redactor, except that a note holding the marker fails as a broken one would."""

    def __init__(self, redactor):
        self.inner = redactor

    def redact_many(self, texts, **kwargs):
        if any(MARKER in t for t in texts):
            raise RedactionError("redaction failed (Injected); no output")
        yield from self.inner.redact_many(texts, **kwargs)

    def redact(self, text):
        if MARKER in text:
            raise RedactionError("redaction failed (Injected); no output")
        return self.inner.redact(text)


def test_a_failing_row_is_named_by_its_location_and_nothing_is_returned(redactor):
    texts = [NOTES[0], f"Mum Sarah JONES {MARKER}", NOTES[1]]
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": texts}, dtype=object)
    with pytest.raises(BatchRowError) as caught:
        redact_frame(
            frame,
            FailingRedactor(redactor),
            locations=["s.jsonl, line 1", "s.jsonl, line 2", "s.jsonl, line 3"],
        )
    assert caught.value.position == 1
    assert str(caught.value) == "s.jsonl, line 2: redaction failed; nothing written"
    assert "Sarah" not in str(caught.value) and MARKER not in str(caught.value)


def test_a_non_string_text_is_refused_naming_the_row(redactor):
    frame = pd.DataFrame({"id": ["a"], "text": [12]}, dtype=object)
    with pytest.raises(BatchRowError, match="row 1 of the batch: field 'text' must be a string"):
        redact_frame(frame, redactor)


def test_mapinpandas_style_iteration(redactor):
    """What Spark's mapInPandas does: an iterator of DataFrames in, one out per frame."""

    def redact_partitions(frames):
        for frame in frames:
            yield redact_frame(frame, redactor)

    frames = [pd.DataFrame({"id": [f"n{i}"], "text": [t]}) for i, t in enumerate(NOTES)]
    out = pd.concat(list(redact_partitions(iter(frames))), ignore_index=True)
    assert list(out["id"]) == ["n0", "n1", "n2"] and len(out) == 3


def test_absent_fields_stay_absent():
    frame = pd.DataFrame(
        [{"id": "a", "text": "x", "child_age": 4}, {"id": "b", "text": "y"}], dtype=object
    )
    assert frame_records(frame) == [
        {"id": "a", "text": "x", "child_age": 4},
        {"id": "b", "text": "y"},
    ]


def test_score_frame_gives_the_local_engines_results(batch_model, redactor):
    from referral_nlp.modeling.scoring import CaseScorer, coerce_case

    cases = toy_cases(12)
    scorer = CaseScorer(batch_model, redactor=redactor).load()
    out = score_frame(pd.DataFrame(cases, dtype=object), scorer)
    local = scorer.score([coerce_case(c)[0] for c in cases])
    assert out.to_dict(orient="records") == local
    assert set(out.columns) == {"id", "re_referral", "escalation", "model_version"}
