"""The hybrid: the blend of n-gram and transformer logits (fit, combine, JSON), the n-gram
component as plain JSON, and artefacts whose parts disagree refused at load."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from eval_cases import build_artifact, make_toy_records

from referral_nlp.artifacts import BLEND_NAME, NGRAM_NAME, ArtifactIntegrityError, write_manifest
from referral_nlp.modeling.hybrid import Blend, load_ngram, save_ngram
from referral_nlp.modeling.predict import RiskPredictor

LABELS = ("re_referral_12m", "escalation_12m")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _own(blend: Blend, label: str) -> tuple[float, float, float]:
    w = blend.weights[label]
    return w[("ngram", label)], w[("transformer", label)], blend.bias[label]


def test_fit_recovers_the_weights_that_made_the_labels():
    rng = np.random.default_rng(0)
    n = 6000
    ngram, net = rng.normal(size=(n, 2)), rng.normal(size=(n, 2))
    truth = {LABELS[0]: (0.8, 1.5, -0.3), LABELS[1]: (1.2, 0.0, -1.0)}
    y = np.column_stack(
        [rng.random(n) < _sigmoid(w[0] * ngram[:, j] + w[1] * net[:, j] + w[2])
         for j, w in enumerate(truth.values())]
    ).astype(float)  # fmt: skip
    y[:50, 0] = np.nan  # unknown labels are left out, not read as 0
    parts = {"ngram": ngram, "transformer": net}
    blend = Blend.fit(LABELS, y, parts, across_labels=False)
    for label, expected in truth.items():
        np.testing.assert_allclose(_own(blend, label), expected, atol=0.15)
        assert {source for _, source in blend.weights[label]} == {label}
    assert not blend.across_labels
    blended = blend.combine(LABELS, ngram, net)
    w = _own(blend, LABELS[0])
    np.testing.assert_allclose(blended[:, 0], w[0] * ngram[:, 0] + w[1] * net[:, 0] + w[2])


def test_across_labels_a_label_weighs_the_other_labels_logits():
    rng = np.random.default_rng(2)
    n = 6000
    ngram, net = rng.normal(size=(n, 2)), rng.normal(size=(n, 2))
    # The first label's outcome follows the second label's transformer logit as well as its own.
    z0 = 0.7 * ngram[:, 0] + 0.5 * net[:, 0] + 1.0 * net[:, 1]
    y = np.column_stack([rng.random(n) < _sigmoid(z0), rng.random(n) < _sigmoid(net[:, 1])])
    blend = Blend.fit(LABELS, y.astype(float), {"ngram": ngram, "transformer": net})
    w = blend.weights[LABELS[0]]
    assert blend.across_labels
    assert w[("transformer", LABELS[1])] == pytest.approx(1.0, abs=0.15)
    assert w[("ngram", LABELS[1])] == pytest.approx(0.0, abs=0.15)
    blended = blend.combine(LABELS, ngram, net)
    expected = blend.bias[LABELS[0]] + sum(
        w[(part, source)] * logits[:, LABELS.index(source)]
        for part, logits in (("ngram", ngram), ("transformer", net))
        for source in LABELS
    )
    np.testing.assert_allclose(blended[:, 0], expected)


def test_a_label_with_one_class_keeps_equal_weights(caplog):
    y = np.column_stack([np.zeros(20), np.r_[np.zeros(10), np.ones(10)]])
    logits = np.random.default_rng(1).normal(size=(20, 2))
    with caplog.at_level(logging.WARNING):
        blend = Blend.fit(LABELS, y, {"ngram": logits, "transformer": logits})
    assert _own(blend, LABELS[0]) == (0.5, 0.5, 0.0)
    assert blend.weights[LABELS[0]][("ngram", LABELS[1])] == 0.0
    assert "validation holds one class" in caplog.text


def test_combine_without_an_ngram_part():
    net = np.array([[1.0, -2.0], [0.5, 0.0]])
    alone = Blend.transformer_only(LABELS)
    np.testing.assert_array_equal(alone.combine(LABELS, None, net), net)
    assert not alone.uses("ngram") and alone.uses("transformer")
    weighted = Blend.own_label({LABELS[0]: (0.7, 2.0, 0.1), LABELS[1]: (0.0, 1.0, 0.0)})
    with pytest.raises(ValueError, match=r"blend / re_referral_12m: needs the ngram part"):
        weighted.combine(LABELS, None, net)


def test_a_blend_naming_a_label_the_caller_lacks_is_refused():
    blend = Blend({LABELS[0]: {("transformer", "other_label"): 1.0}}, {LABELS[0]: 0.0})
    with pytest.raises(ValueError, match=r"weighs the transformer logit of 'other_label'"):
        blend.combine_parts(LABELS[:1], {"transformer": np.zeros((2, 1))})


def test_json_round_trip_and_malformed_files_refused(tmp_path):
    rng = np.random.default_rng(3)
    y = (rng.random((200, 2)) < 0.4).astype(float)
    blend = Blend.fit(LABELS, y, {"ngram": rng.normal(size=(200, 2)),
                                  "transformer": rng.normal(size=(200, 2))})  # fmt: skip
    path = tmp_path / BLEND_NAME
    path.write_text(json.dumps(blend.to_dict()))
    assert Blend.load(path) == blend
    entry = blend.to_dict()["labels"][LABELS[0]]
    assert set(entry) == {"bias", "inputs"} and set(entry["inputs"]["ngram"]) == set(LABELS)
    with pytest.raises(ValueError, match="blend: expected format 'referral-nlp-blend'"):
        Blend.from_dict({**blend.to_dict(), "format": "other"})
    with pytest.raises(ValueError, match="expected version 1 or 2, got 3"):
        Blend.from_dict({**blend.to_dict(), "version": 3})
    broken = blend.to_dict()
    del broken["labels"][LABELS[1]]["bias"]
    with pytest.raises(ValueError, match=r"blend: malformed weights \(KeyError\)"):
        Blend.from_dict(broken)
    with pytest.raises(ValueError, match="malformed"):
        Blend.from_dict({**blend.to_dict(), "labels": {LABELS[0]: {"bias": 0, "inputs": {
            "ngram": {LABELS[0]: "x"}}}}})  # fmt: skip


def test_a_version_1_blend_scores_bit_for_bit_as_version_1_did():
    rng = np.random.default_rng(5)
    ngram, net = 3 * rng.normal(size=(2000, 2)), 3 * rng.normal(size=(2000, 2))
    weights = {LABELS[0]: (0.7, 2.1, 0.13), LABELS[1]: (0.31, 1.1, -0.57)}
    blended = Blend.own_label(weights).combine(LABELS, ngram, net)
    for j, (w_ngram, w_net, bias) in enumerate(weights.values()):
        version_1 = w_net * net[:, j] + bias  # version 1's order of addition
        version_1 += w_ngram * ngram[:, j]
        np.testing.assert_array_equal(blended[:, j], version_1)


def test_a_version_1_file_loads_as_own_label_weights():
    data = {"format": "referral-nlp-blend", "version": 1, "labels": {
        LABELS[0]: {"ngram": 0.7, "transformer": 2.0, "bias": 0.1},
        LABELS[1]: {"ngram": 0.3, "transformer": 1.0, "bias": -0.5},
    }}  # fmt: skip
    blend = Blend.from_dict(data)
    assert blend == Blend.own_label({LABELS[0]: (0.7, 2.0, 0.1), LABELS[1]: (0.3, 1.0, -0.5)})
    assert not blend.across_labels
    with pytest.raises(ValueError, match=r"malformed weights \(ValueError\)"):
        Blend.from_dict({**data, "labels": {LABELS[0]: {"ngram": "x", "transformer": 1,
                                                        "bias": 0}}})  # fmt: skip


def test_ngram_component_round_trips_as_plain_json(tmp_path):
    from referral_nlp.modeling.baselines import TfidfLogisticBaseline

    records = make_toy_records(120, seed=4)
    component = TfidfLogisticBaseline().fit(records[:80])
    save_ngram(component, tmp_path / NGRAM_NAME)
    json.loads((tmp_path / NGRAM_NAME).read_text())  # plain JSON, nothing executable
    again = load_ngram(tmp_path / NGRAM_NAME)
    for label in LABELS:
        np.testing.assert_allclose(
            again.predict_logits(records[80:])[label], component.predict_logits(records[80:])[label]
        )


@pytest.fixture(scope="module")
def hybrid_dir(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    directory = tmp_path_factory.mktemp("hybrid") / "model"
    return build_artifact(
        directory, tokenizer, tiny_encoder_config, make_toy_records(80), ngram=True
    )


def _edited_copy(source: Path, target: Path, edit) -> Path:
    shutil.copytree(source, target)
    edit(target)
    write_manifest(target)  # consistent checksums: the content itself must be refused
    return target


def test_a_blend_that_needs_a_missing_ngram_component_is_refused(hybrid_dir, tmp_path):
    copy = _edited_copy(hybrid_dir, tmp_path / "m", lambda d: (d / NGRAM_NAME).unlink())
    with pytest.raises(ArtifactIntegrityError, match="weighs an n-gram component but"):
        RiskPredictor(copy).load()


def test_a_blend_without_a_label_is_refused(hybrid_dir, tmp_path):
    def drop_label(directory: Path) -> None:
        data = json.loads((directory / BLEND_NAME).read_text())
        del data["labels"]["escalation_12m"]
        (directory / BLEND_NAME).write_text(json.dumps(data))

    copy = _edited_copy(hybrid_dir, tmp_path / "m", drop_label)
    with pytest.raises(ArtifactIntegrityError, match=r"has no weights for \['escalation_12m'\]"):
        RiskPredictor(copy).load()


def test_a_blend_weighing_logits_the_model_lacks_is_refused(hybrid_dir, tmp_path):
    def stray_source(directory: Path) -> None:
        data = json.loads((directory / BLEND_NAME).read_text())
        data["labels"]["escalation_12m"]["inputs"]["ngram"]["self_harm_12m"] = 0.2
        (directory / BLEND_NAME).write_text(json.dumps(data))

    copy = _edited_copy(hybrid_dir, tmp_path / "m", stray_source)
    with pytest.raises(
        ArtifactIntegrityError, match=r"does not have: \['ngram\[self_harm_12m\]'\]"
    ):
        RiskPredictor(copy).load()


def test_an_artefact_without_a_blend_is_its_transformer(hybrid_dir, tmp_path):
    def drop(directory: Path) -> None:
        (directory / BLEND_NAME).unlink()
        (directory / NGRAM_NAME).unlink()

    copy = _edited_copy(hybrid_dir, tmp_path / "m", drop)
    predictor = RiskPredictor(copy).load()
    assert predictor.ngram is None and predictor.blend == Blend.transformer_only(LABELS)
    parts = predictor.predict_components(make_toy_records(3, seed=9))
    assert parts["ngram"] is None
    np.testing.assert_array_equal(parts["logits"], parts["transformer"])
