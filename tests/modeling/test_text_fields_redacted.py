"""Every text field the model reads is redacted, on every path (the fields come from its config).

A model trained on ``text`` and ``assessment_text`` must see ``assessment_text`` redacted in
training, in ``predict`` and batch (``CaseScorer``), in the service (``ReviewEngine``) and in
``evaluate``; a hard-coded field list on one path would serve it raw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eval_cases import build_artifact, make_toy_records

FIELDS = ("text", "assessment_text")
ASSESSMENT = "Assessment: Mum Sarah JONES (07700 900123) at 14 Cardigan Road was seen."
PERSONAL = ("Sarah", "JONES", "07700 900123", "Cardigan")


@pytest.fixture(scope="module")
def two_field_model(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    train = make_toy_records(60, seed=3)
    directory = tmp_path_factory.mktemp("two-fields") / "model"
    return build_artifact(directory, tokenizer, tiny_encoder_config, train, text_fields=FIELDS)


def _spy(predictor: Any, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    seen: list[dict] = []
    original = predictor.predict_logits
    monkeypatch.setattr(predictor, "predict_logits", lambda rs: seen.extend(rs) or original(rs))
    return seen


def _assert_redacted(seen: list[dict]) -> None:
    assert seen, "the model was never called"
    for record in seen:
        assert record["assessment_text"], "the field was dropped, not redacted"
        assert all(value not in record["assessment_text"] for value in PERSONAL)


def test_the_model_reads_both_fields(two_field_model) -> None:
    from referral_nlp.modeling.predict import RiskPredictor

    assert RiskPredictor(two_field_model).text_fields == FIELDS


def test_predict_and_batch_redact_the_second_field(two_field_model, redactor, monkeypatch):
    from referral_nlp.modeling.scoring import CaseScorer

    scorer = CaseScorer(two_field_model, redactor=redactor).load()
    seen = _spy(scorer.predictor, monkeypatch)
    scorer.score([{"id": "a", "text": "Police attended.", "assessment_text": ASSESSMENT}])
    _assert_redacted(seen)


def test_the_service_redacts_the_second_field(two_field_model, redactor, monkeypatch):
    from referral_nlp.serving.engine import ReviewEngine

    engine = ReviewEngine(two_field_model, redactor=redactor).load()
    seen = _spy(engine.predictor, monkeypatch)
    engine.score([{"text": "Police attended.", "assessment_text": ASSESSMENT}])
    _assert_redacted(seen)


def test_training_and_evaluation_redact_the_second_field(redactor, tmp_path) -> None:
    """Training and evaluate share the redacted corpus (``redact_splits``) with the config's
    fields; both see the second field redacted and cache nothing raw."""
    from referral_nlp.modeling.redacted_corpus import redact_splits

    records = [dict(r, assessment_text=ASSESSMENT) for r in make_toy_records(4, seed=1)]
    out, _ = redact_splits(
        {"train": records},
        text_fields=FIELDS,
        cache_dir=tmp_path / "cache",
        redactor_factory=lambda config: redactor,
    )
    _assert_redacted(out["train"])
    cached = "".join(p.read_text() for p in (tmp_path / "cache").glob("*.jsonl"))
    assert all(value not in cached for value in PERSONAL)
