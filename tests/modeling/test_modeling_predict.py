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
    calibration = pytest.importorskip("referral_nlp.decision.calibration")
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


# ---- the hybrid's parts, the one scoring path ------------------------------------------------
@pytest.fixture(scope="module")
def hybrid_dir(tmp_path_factory, tokenizer, tiny_encoder_config):
    from eval_cases import build_artifact, make_toy_records

    directory = tmp_path_factory.mktemp("hybrid") / "model"
    return build_artifact(
        directory, tokenizer, tiny_encoder_config, make_toy_records(80), ngram=True
    )


@pytest.fixture(scope="module")
def toy_cases():
    from eval_cases import make_toy_records

    return make_toy_records(7, seed=11)


def test_components_add_up_to_the_blended_logits(hybrid_dir, toy_cases):
    import numpy as np

    predictor = RiskPredictor(hybrid_dir, batch_size=3)
    parts = predictor.predict_components(toy_cases)
    assert parts["ngram"].shape == parts["transformer"].shape == parts["logits"].shape == (7, 2)
    # build_artifact's blend: 0.5 x n-gram + 1.0 x transformer - 0.1, and 0.1 x the other
    # label's logit from each part
    ngram, net = parts["ngram"], parts["transformer"]
    expected = 0.5 * ngram + 1.0 * net - 0.1 + 0.1 * (ngram[:, ::-1] + net[:, ::-1])
    np.testing.assert_allclose(parts["logits"], expected, atol=1e-9)
    logits, n_sentences = predictor.predict_logits(toy_cases)
    np.testing.assert_array_equal(logits, parts["logits"])
    assert n_sentences == parts["n_sentences"] == [4] * 7  # filler, cue, filler, contact line
    by_label = predictor.ngram.predict_logits(toy_cases)
    np.testing.assert_allclose(parts["ngram"][:, 1], by_label[LABELS[1]])
    # the service's path (sentence lists + a vector lookup) gives the same transformer logits
    inputs = predictor.note_inputs(toy_cases)
    table: dict[str, np.ndarray] = {}

    def lookup(sentences):
        table.update(zip(sentences, predictor.sentence_encoder.encode(sentences), strict=True))
        return np.stack([table[s] for s in sentences])

    again = predictor.transformer_logits(inputs.sentences, inputs.structured, vectors=lookup)
    np.testing.assert_allclose(again, parts["transformer"], atol=1e-5)
    assert len(table) < sum(len(s) for s in inputs.sentences)  # shared sentences looked up once


def test_calibrated_and_raw_probabilities(hybrid_dir, toy_cases):
    import numpy as np

    predictor = RiskPredictor(hybrid_dir)
    results = predictor.predict(toy_cases)
    logits, _ = predictor.predict_logits(toy_cases)
    for i, result in enumerate(results):
        assert result["n_sentences"] == 4
        for j, label in enumerate(LABELS):
            entry = result[label]
            assert entry["calibrated"]
            assert entry["raw_probability"] == pytest.approx(1 / (1 + np.exp(-logits[i, j])))
            # build_artifact's calibration: temperature 2 on the blended logit
            assert entry["probability"] == pytest.approx(1 / (1 + np.exp(-logits[i, j] / 2)))
    np.testing.assert_allclose(predictor.predict_proba(toy_cases), 1 / (1 + np.exp(-logits)))
    uncalibrated = RiskPredictor(hybrid_dir, calibrators={}).predict(toy_cases[:1])[0]
    assert not uncalibrated[LABELS[0]]["calibrated"]
    assert uncalibrated[LABELS[0]]["probability"] == uncalibrated[LABELS[0]]["raw_probability"]
    with pytest.raises(ValueError, match=r"calibrators: labels \['nope'\] are not model labels"):
        RiskPredictor(hybrid_dir, calibrators={"nope": lambda p: p}).load()
    assert predictor.predict([]) == []


def test_score_cases_bands_the_calibrated_probabilities(hybrid_dir, toy_cases):
    from referral_nlp.decision.bands import bands_from_artifact
    from referral_nlp.decision.cases import output_label, score_cases

    predictor = RiskPredictor(hybrid_dir)
    bands = bands_from_artifact(hybrid_dir)
    scored = score_cases(predictor, bands, toy_cases)
    plain = predictor.predict(toy_cases)
    for entry, result in zip(scored, plain, strict=True):
        assert entry["model_version"] == result["model_version"] == predictor.model_version
        for label in LABELS:
            decision = entry[output_label(label)]
            p = result[label]["probability"]
            assert decision["probability"] == round(p, 4)
            assert decision["band"] == bands[label].band(p)
            assert decision["flagged"] == (p >= 0.6)  # build_artifact's high cut
            assert decision["band_description"]
    assert output_label("re_referral_12m") == "re_referral"
    assert score_cases(predictor, bands, []) == []
    with pytest.raises(
        ValueError, match=r"operating points: no thresholds for \['escalation_12m'\]"
    ):
        score_cases(predictor, {LABELS[0]: bands[LABELS[0]]}, toy_cases)


def test_sentence_index_pads_with_minus_one():
    from referral_nlp.modeling.predict import sentence_index

    assert sentence_index([[0, 1, 2], [], [3]]).tolist() == [[0, 1, 2], [-1, -1, -1], [3, -1, -1]]
    assert sentence_index([[]]).tolist() == [[-1]]  # at least one column


@pytest.mark.parametrize(
    "text", ["\u0087", "...", "=", " \n "], ids=["control", "dots", "sign", "blank"]
)
def test_a_note_without_a_sentence_still_scores(saved_artifact, records, text):
    """No words, no sentence: the structured fields alone score it (a fuzzer's 500 before)."""
    predictor = RiskPredictor(saved_artifact)
    alone = predictor.predict([dict(records[0], text=text)])[0]
    assert alone["n_sentences"] == 0
    assert all(0.0 <= alone[label]["probability"] <= 1.0 for label in LABELS)
    # beside a note that has sentences, in one batch, it scores the same
    both = predictor.predict([dict(records[1]), dict(records[0], text=text)])[1]
    for label in LABELS:
        assert both[label]["probability"] == pytest.approx(alone[label]["probability"], abs=1e-6)


# ---- a model is scored with the sentence vectors it learnt from ------------------------------
@pytest.fixture(scope="module")
def int8_dir(tmp_path_factory, tokenizer, tiny_encoder_config):
    pytest.importorskip("onnxruntime")
    from eval_cases import build_artifact, make_toy_records

    directory = tmp_path_factory.mktemp("int8-trained") / "model"
    return build_artifact(
        directory, tokenizer, tiny_encoder_config, make_toy_records(60),
        frozen_encoder_backend="onnx-int8",
    )  # fmt: skip


@pytest.mark.parametrize(("backend", "quantize"), [("auto", None), ("onnx-int8", None),
                                                  ("auto", "int8")])  # fmt: skip
def test_a_model_trained_on_int8_vectors_is_scored_with_them(int8_dir, toy_cases, backend,
                                                            quantize):  # fmt: skip
    predictor = RiskPredictor(int8_dir, backend=backend, quantize=quantize).load()
    assert predictor.sentence_encoder.backend == "onnx-int8"
    # the same probabilities as a note's sentences scored one at a time
    together = predictor.predict(toy_cases)
    alone = [predictor.predict([case])[0] for case in toy_cases]
    for a, b in zip(together, alone, strict=True):
        for label in LABELS:
            assert a[label]["probability"] == pytest.approx(b[label]["probability"], abs=1e-6)


def test_a_backend_that_is_not_the_one_learnt_from_is_refused(int8_dir, hybrid_dir):
    with pytest.raises(ValueError, match=r"learnt from onnx-int8 sentence vectors.*'onnx'"):
        RiskPredictor(int8_dir, backend="onnx").load()
    with pytest.raises(ValueError, match="onnx-int8 scores only models trained on its vectors"):
        RiskPredictor(hybrid_dir, backend="onnx-int8").load()


def test_model_config_names_what_its_head_learnt_from():
    from eval_cases import tiny_model_config

    from referral_nlp.modeling.model import ModelConfig

    config = tiny_model_config(4, frozen_encoder_backend="onnx-int8")
    assert ModelConfig.from_dict(config.to_dict()).frozen_encoder_backend == "onnx-int8"
    with pytest.raises(ValueError, match="frozen_encoder_backend: expected None"):
        tiny_model_config(4, frozen_encoder_backend="int4")


def test_int8_vectors_from_another_onnx_runtime_are_warned_about(int8_dir, tmp_path, caplog):
    import json
    import logging
    from importlib.metadata import version

    from referral_nlp.artifacts import read_manifest, write_manifest

    model = tmp_path / "model"
    shutil.copytree(int8_dir, model)
    for trained, warned in (("0.0.1", True), (version("onnxruntime"), False)):
        run = {"library_versions": {"onnxruntime": trained}}
        (model / "training_run.json").write_text(json.dumps(run), encoding="utf-8")
        write_manifest(model, read_manifest(model).get("metadata"))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="referral_nlp.modeling.predict"):
            RiskPredictor(model).load()
        assert any("onnxruntime 0.0.1" in r.message for r in caplog.records) is warned
