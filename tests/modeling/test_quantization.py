"""The int8 fidelity check: measured on held-out records, stored in the artefact, gated."""

from __future__ import annotations

import json
import shutil

import pytest
from eval_cases import build_artifact, make_toy_records

from referral_nlp.artifacts import (
    INT8_FIDELITY_NAME,
    ArtifactIntegrityError,
    read_manifest,
    verify_manifest,
)
from referral_nlp.modeling.quantization import (
    FidelityLimits,
    measure_int8_fidelity,
    read_int8_fidelity,
    write_int8_fidelity,
)

LENIENT = FidelityLimits(
    max_abs_diff=1.0, min_band_agreement=0.0, min_flag_agreement=0.0, max_auroc_drop=1.0
)
#: Nothing may change at all: int8 arithmetic always moves some probability a little.
EXACT = FidelityLimits(max_abs_diff=0.0, min_band_agreement=1.0, min_flag_agreement=1.0)


@pytest.fixture(scope="module")
def artefact(tmp_path_factory, tokenizer, tiny_encoder_config):
    directory = tmp_path_factory.mktemp("int8") / "model"
    return build_artifact(directory, tokenizer, tiny_encoder_config, make_toy_records(60))


@pytest.fixture(scope="module")
def held_out():
    return make_toy_records(120, seed=5)


def test_report_compares_both_variants_per_label(artefact, held_out):
    report = measure_int8_fidelity(artefact, held_out, limits=LENIENT)
    assert report["passed"] and report["failures"] == []
    assert report["n_cases"] == 120
    assert report["model_sha256"] == read_manifest(artefact)["files"]["model.safetensors"]["sha256"]
    assert set(report["labels"]) == {"re_referral_12m", "escalation_12m"}
    for entry in report["labels"].values():
        assert 0.0 < entry["max_abs_diff"] < 0.5
        assert 0.0 <= entry["mean_abs_diff"] <= entry["max_abs_diff"]
        assert 0.0 <= entry["band_agreement"] <= 1.0
        assert entry["auroc_float32"] is not None and entry["auroc_int8"] is not None
    json.dumps(report)  # JSON-ready


def test_strict_limits_fail_and_say_which_label_and_measure(artefact, held_out):
    report = measure_int8_fidelity(artefact, held_out, limits=EXACT)
    assert not report["passed"]
    assert any(f.startswith("re_referral_12m: largest change") for f in report["failures"])


def test_too_few_cases_prove_nothing(artefact, held_out):
    with pytest.raises(ValueError, match="need at least 100"):
        measure_int8_fidelity(artefact, held_out[:20])


def test_stored_report_keeps_the_artefact_verifiable(artefact, held_out, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(artefact, model)
    report = measure_int8_fidelity(model, held_out, limits=LENIENT)
    write_int8_fidelity(model, report)
    manifest = verify_manifest(model)
    assert INT8_FIDELITY_NAME in manifest["files"]
    assert read_int8_fidelity(model, manifest) == report
    # a report for other weights is refused, and a tampered one fails verification
    with pytest.raises(ValueError, match="other weights"):
        write_int8_fidelity(model, {**report, "model_sha256": "0" * 64})
    (model / INT8_FIDELITY_NAME).write_text(json.dumps({**report, "passed": True, "x": 1}))
    with pytest.raises(ArtifactIntegrityError):
        verify_manifest(model)


def test_a_model_trained_on_int8_vectors_has_nothing_to_check(
    tmp_path, tokenizer, held_out, tiny_encoder_config
):
    model = build_artifact(
        tmp_path / "model", tokenizer, tiny_encoder_config, make_toy_records(60),
        frozen_encoder_backend="onnx-int8",
    )  # fmt: skip
    with pytest.raises(ValueError, match="learnt from onnx-int8 sentence vectors"):
        measure_int8_fidelity(model, held_out)


def test_no_report_reads_as_none(artefact):
    assert read_int8_fidelity(artefact, read_manifest(artefact)) is None
