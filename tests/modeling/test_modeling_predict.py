"""RiskPredictor: lazy load of a verified artefact, batched scoring, calibration hooks."""

from __future__ import annotations

import math
import shutil

import pytest

from referral_nlp.artifacts import ArtifactIntegrityError
from referral_nlp.data.schema import LABELS
from referral_nlp.modeling.predict import RiskPredictor


def test_predict_raw_probabilities_in_input_order(saved_artifact, records):
    predictor = RiskPredictor(saved_artifact, batch_size=3)
    assert not predictor.loaded
    odd = dict(records[0], referral_source="never_seen", child_age=None)
    odd.pop("primary_need")
    cases = [*records, odd]
    results = predictor.predict(cases)
    assert predictor.loaded
    assert [r["id"] for r in results] == [c["id"] for c in cases]
    for result in results:
        assert result["model_version"].startswith("sha256:")
        for label in LABELS:
            entry = result[label]
            assert 0.0 <= entry["probability"] <= 1.0 and not entry["calibrated"]
            assert entry["probability"] == entry["raw_probability"]
    # batching and ordering do not change a case's score
    single = RiskPredictor(saved_artifact, batch_size=1).predict([cases[4]])[0]
    assert math.isclose(
        single[LABELS[0]]["raw_probability"], results[4][LABELS[0]]["raw_probability"], rel_tol=1e-5
    )


def test_calibrators_are_applied_per_label(saved_artifact, records):
    class Halve:
        def transform(self, p):
            return p / 2

    predictor = RiskPredictor(saved_artifact, calibrators={LABELS[1]: Halve()})
    result = predictor.predict(records[:2])[0]
    assert not result[LABELS[0]]["calibrated"]
    assert result[LABELS[1]]["calibrated"]
    assert result[LABELS[1]]["probability"] == pytest.approx(
        result[LABELS[1]]["raw_probability"] / 2
    )


def test_missing_text_names_record_and_field(saved_artifact, records):
    bad = dict(records[0])
    del bad["text"]
    with pytest.raises(ValueError, match=r"record 1: field 'text' is missing"):
        RiskPredictor(saved_artifact).predict([records[1], bad])


def test_tampered_artefact_refused(saved_artifact, tmp_path, records):
    copy = tmp_path / "m"
    shutil.copytree(saved_artifact, copy)
    (copy / "tokenizer" / "tokenizer_config.json").write_text("{}")
    with pytest.raises(ArtifactIntegrityError, match=r"tokenizer/tokenizer_config\.json"):
        RiskPredictor(copy).predict(records[:1])


def test_real_temperature_scaler_round_trips_through_the_artefact(
    tiny_model, tokenizer, structured_encoder, records, tmp_path
):
    calibration = pytest.importorskip("referral_nlp.evaluation.calibration")
    import numpy as np

    from referral_nlp.modeling.predict import calibration_to_json

    scalers = {
        LABELS[0]: calibration.TemperatureScaler(kind="logit", temperature=2.0),
        LABELS[1]: calibration.TemperatureScaler(kind="probability", temperature=0.5),
    }
    directory = tiny_model.save_pretrained(
        tmp_path / "m",
        tokenizer=tokenizer,
        structured_encoder=structured_encoder,
        extra_json={"calibration.json": calibration_to_json(scalers)},
    )
    predictor = RiskPredictor(directory)
    result = predictor.predict(records[:1])[0]
    for label, temperature in ((LABELS[0], 2.0), (LABELS[1], 0.5)):
        raw = result[label]["raw_probability"]
        logit = np.log(raw / (1 - raw))
        expected = 1 / (1 + np.exp(-logit / temperature))
        assert result[label]["calibrated"]
        assert result[label]["probability"] == pytest.approx(expected, rel=1e-5)
