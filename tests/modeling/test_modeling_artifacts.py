"""Manifest checks on load: tampered, missing and extra files are named; fingerprints."""

from __future__ import annotations

import json
import shutil

import pytest

from referral_nlp.artifacts import (
    ArtifactIntegrityError,
    data_fingerprint,
    library_versions,
    verify_manifest,
    write_manifest,
)
from referral_nlp.modeling.model import ReferralRiskModel


@pytest.fixture
def artefact_copy(saved_artifact, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(saved_artifact, target)
    return target


def test_manifest_lists_every_file(saved_artifact):
    manifest = verify_manifest(saved_artifact)
    files = {
        p.relative_to(saved_artifact).as_posix()
        for p in saved_artifact.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(manifest["files"]) == files
    entry = manifest["files"]["model.safetensors"]
    assert len(entry["sha256"]) == 64 and entry["size"] > 0
    assert manifest["metadata"]["library_versions"]["torch"]


def test_tampered_weights_byte_is_refused_on_load(artefact_copy):
    weights = artefact_copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(ArtifactIntegrityError, match=r"model\.safetensors.*sha256") as err:
        ReferralRiskModel.load_pretrained(artefact_copy)
    assert "re-train" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_truncated_file_is_caught_by_size(artefact_copy):
    path = artefact_copy / "structured_encoder.json"
    path.write_text(path.read_text()[:-5])
    with pytest.raises(ArtifactIntegrityError, match=r"structured_encoder\.json.*bytes"):
        verify_manifest(artefact_copy)


def test_missing_file_is_named(artefact_copy):
    (artefact_copy / "encoder" / "config.json").unlink()
    with pytest.raises(ArtifactIntegrityError, match=r"encoder/config\.json.*missing"):
        ReferralRiskModel.load_pretrained(artefact_copy)


def test_extra_file_is_named(artefact_copy):
    (artefact_copy / "calibration.json").write_text("{}")
    with pytest.raises(ArtifactIntegrityError, match=r"calibration\.json.*not listed"):
        verify_manifest(artefact_copy)


def test_no_manifest_and_bad_entries(artefact_copy):
    manifest = json.loads((artefact_copy / "manifest.json").read_text())
    manifest["files"]["../escape"] = {"sha256": "0" * 64, "size": 1}
    (artefact_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ArtifactIntegrityError, match="outside"):
        verify_manifest(artefact_copy)
    (artefact_copy / "manifest.json").unlink()
    with pytest.raises(ArtifactIntegrityError, match=r"no manifest\.json"):
        verify_manifest(artefact_copy)


def test_write_manifest_is_complete_and_verifiable(tmp_path):
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("hello")
    write_manifest(tmp_path, metadata={"run": "x"})
    manifest = verify_manifest(tmp_path)
    assert set(manifest["files"]) == {"a.json", "sub/b.txt"}
    assert manifest["metadata"] == {"run": "x"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_data_fingerprint_order_independent_and_sensitive(records):
    base = data_fingerprint(records)
    assert data_fingerprint(list(reversed(records))) == base
    changed_label = [dict(r) for r in records]
    changed_label[0]["re_referral_12m"] = 1 - changed_label[0]["re_referral_12m"]
    assert data_fingerprint(changed_label) != base
    changed_text = [dict(r) for r in records]
    changed_text[3]["text"] += "."
    assert data_fingerprint(changed_text) != base
    assert records[0]["text"] not in base and len(base) == 64
    retyped = [dict(r, re_referral_12m=str(r["re_referral_12m"])) for r in records]
    assert data_fingerprint(retyped) == base


def test_library_versions():
    versions = library_versions()
    assert versions["torch"] and versions["transformers"] and versions["python"]
