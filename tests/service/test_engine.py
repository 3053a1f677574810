"""The review engine: the score contract, redaction first and fail-closed, explanations."""

from __future__ import annotations

import pytest
from eval_cases import build_artifact, make_toy_records

from referral_nlp.serving.schemas import ScoreResponse

NOTE = (
    "Police attended after a DA incident at 12 Elm Road, Leeds LS9 8ZZ. Mum Sarah JONES had a "
    "cut lip. Kayden (DOB 04/07/2016) was present. Dad left before officers arrived. "
    "Grandmother is supportive. School reports good attendance."
)
PERSONAL = ("Sarah", "JONES", "Kayden", "04/07/2016", "Elm Road", "LS9 8ZZ")


def test_score_follows_the_contract_and_sees_only_redacted_text(engine, monkeypatch):
    seen = []
    original = engine.predictor.predict_logits  # the one scoring call (decision.cases)
    monkeypatch.setattr(
        engine.predictor, "predict_logits", lambda rs: seen.extend(rs) or original(rs)
    )
    result = engine.score([{"text": NOTE, "child_age": 9}], explain=True)[0]
    ScoreResponse.model_validate({**result, "request_id": "r"})  # the API's response model
    assert all(value not in seen[0]["text"] for value in PERSONAL)
    assert all(value not in result["redacted_text"] for value in PERSONAL)
    for label in ("re_referral", "escalation"):
        score = result[label]
        thresholds = engine.bands[label + "_12m"]
        assert score["band"] == thresholds.band(score["probability"])
        assert score["flagged"] == (score["probability"] >= thresholds.high)
    for entity in result["entities"]:
        placeholder = result["redacted_text"][entity["redacted_start"] : entity["redacted_end"]]
        assert placeholder.startswith("<" + entity["entity_type"])
    for effects in (result["explanation"]["re_referral"], result["explanation"]["escalation"]):
        for e in effects:
            assert result["redacted_text"][e["start"] : e["end"]] == e["sentence"]


def test_probabilities_match_the_predict_path(engine, service_model, redactor):
    from referral_nlp.modeling.scoring import CaseScorer

    case = {"id": "a", "text": NOTE, "previous_referrals": 2, "primary_need": "N1"}
    expected = CaseScorer(service_model, redactor=redactor).score([case])[0]
    got = engine.score([case])[0]
    for label in ("re_referral", "escalation"):
        assert got[label]["probability"] == pytest.approx(expected[label]["probability"])
        assert got[label]["band"] == expected[label]["band"]


def test_explain_flags_are_per_case(engine):
    results = engine.score([{"text": NOTE}, {"text": NOTE}], explain=[False, True])
    assert results[0]["explanation"] is None and results[1]["explanation"] is not None


def test_redaction_failure_scores_nothing(engine, monkeypatch):
    from referral_nlp.redaction import RedactionError

    def fail(*args, **kwargs):
        raise RedactionError("redaction failed (ValueError); no output")

    monkeypatch.setattr(engine._redactor, "redact_many", fail)
    called = []
    monkeypatch.setattr(engine.predictor, "predict_logits", lambda rs: called.append(rs))
    with pytest.raises(RedactionError):
        engine.score([{"text": NOTE}])
    assert not called


def test_model_card_comes_from_the_artefact(engine):
    assert engine.model_card("markdown").startswith("# Model card")
    assert "<h1>Model card</h1>" in engine.model_card("html")
    # the version is the whole manifest's; the weights' own digest stays in model_sha256
    from referral_nlp.artifacts import artefact_version, read_manifest

    assert engine.model_version == artefact_version(engine.model_dir)
    assert (
        engine.model_sha256
        == read_manifest(engine.model_dir)["files"]["model.safetensors"]["sha256"]
    )


def test_a_model_without_a_card_is_served_with_a_warning(service_model, redactor, tmp_path, caplog):
    import shutil

    from referral_nlp.artifacts import read_manifest, write_manifest
    from referral_nlp.serving.engine import ReviewEngine

    bare = tmp_path / "model"
    shutil.copytree(service_model, bare)
    for name in ("model_card.md", "model_card.html"):
        (bare / name).unlink()
    write_manifest(bare, read_manifest(bare).get("metadata"))
    with caplog.at_level("WARNING"):
        engine = ReviewEngine(bare, redactor=redactor).load()
    assert engine.model_card() is None
    assert any("has no model card" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level("WARNING"):
        ReviewEngine(service_model, redactor=redactor).load()
    assert not any("has no model card" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("stored", "wanted", "expected"),
    [
        (None, "auto", "float32"),  # no int8 check: the evaluated arithmetic
        (False, "auto", "float32"),  # the check failed
        (True, "auto", "int8"),  # the check passed (and no ONNX Runtime)
        ("onnx", "auto", "float32"),  # ONNX Runtime float32 beats int8 PyTorch
        (True, None, "float32"),  # turned off
        (False, "int8", "int8"),  # forced (with a warning)
    ],
)
def test_int8_is_served_only_where_its_check_passed(
    service_model, redactor, tmp_path, caplog, monkeypatch, stored, wanted, expected
):
    import logging
    import shutil

    from referral_nlp.modeling import sentence_encoder

    backend = "onnx" if stored == "onnx" else "torch"
    monkeypatch.setattr(sentence_encoder, "default_backend", lambda device="cpu": backend)
    stored = True if stored == "onnx" else stored

    from referral_nlp.artifacts import read_manifest
    from referral_nlp.modeling.quantization import write_int8_fidelity
    from referral_nlp.serving.engine import EngineSettings, ReviewEngine

    model = tmp_path / "model"
    shutil.copytree(service_model, model)
    if stored is not None:
        sha = read_manifest(model)["files"]["model.safetensors"]["sha256"]
        report = {"model_sha256": sha, "passed": stored, "n_cases": 300}
        write_int8_fidelity(model, {**report, "failures": [] if stored else ["x: band 0.9"]})
    with caplog.at_level(logging.INFO, logger="referral_nlp.serving.engine"):
        engine = ReviewEngine(
            model, settings=EngineSettings(quantize=wanted), redactor=redactor
        ).load()
    assert engine.precision == expected
    quantized = engine.predictor.quantize == "int8"
    assert quantized == (expected == "int8")
    if wanted == "int8" and not stored:
        assert any(r.levelname == "WARNING" and "int8" in r.message for r in caplog.records)
    result = engine.score([{"text": NOTE}])[0]
    assert 0.0 <= result["re_referral"]["probability"] <= 1.0


@pytest.mark.parametrize("wanted", ["auto", None, "int8"])
def test_a_model_trained_on_int8_vectors_is_served_with_them(
    tokenizer, tiny_encoder_config, redactor, tmp_path, caplog, wanted
):
    import logging

    pytest.importorskip("onnxruntime")
    from referral_nlp.serving.engine import EngineSettings, ReviewEngine

    model = build_artifact(
        tmp_path / "model", tokenizer, tiny_encoder_config, make_toy_records(60),
        frozen_encoder_backend="onnx-int8",
    )  # fmt: skip
    engine = ReviewEngine(model, settings=EngineSettings(quantize=wanted), redactor=redactor)
    with caplog.at_level(logging.INFO, logger="referral_nlp.serving.engine"):
        engine.load()
    assert engine.precision == "onnx-int8"  # whatever was asked: no float32 model was evaluated
    assert engine.predictor.sentence_encoder.backend == "onnx-int8"
    said = [r for r in caplog.records if "learnt from, and was evaluated on" in r.message]
    assert said and said[0].levelname == ("WARNING" if wanted is None else "INFO")
    # on a GPU too: the head would run there, the int8 vectors on the CPU (no int8 PyTorch)
    on_gpu = ReviewEngine(model, settings=EngineSettings(device="cuda"), redactor=redactor)
    assert on_gpu._choose_precision() == "onnx-int8"
    result = engine.score([{"text": NOTE}])[0]
    assert 0.0 <= result["re_referral"]["probability"] <= 1.0


def test_engine_settings_refuse_an_unknown_arithmetic():
    from referral_nlp.serving.engine import EngineSettings

    with pytest.raises(ValueError, match="'auto', 'int8' or None"):
        EngineSettings(quantize="fp16")
