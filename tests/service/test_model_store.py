"""Models by BentoML tag: stored verified, found by tag, refused when unknown or tampered."""

from __future__ import annotations

import shutil

import pytest

from referral_nlp.artifacts import ArtifactIntegrityError, verify_manifest
from referral_nlp.modeling.default_model import ModelNotFoundError
from referral_nlp.serving.model_store import resolve_model, save_to_store


@pytest.fixture
def bento_home(tmp_path, monkeypatch):
    """A model store of the test's own (never the user's ~/bentoml)."""
    from bentoml._internal.configuration.containers import BentoMLContainer
    from bentoml._internal.models import ModelStore

    home = tmp_path / "bentoml"
    (home / "models").mkdir(parents=True)
    monkeypatch.setenv("BENTOML_DO_NOT_TRACK", "True")
    with BentoMLContainer.model_store.patch(ModelStore(str(home / "models"))):
        yield home


def test_store_and_resolve_by_tag(service_model, bento_home):
    tag = save_to_store(service_model, "test-model")
    assert (bento_home / "models" / "test-model").is_dir()
    assert tag.startswith("test-model:")
    directory = resolve_model(tag)
    assert (directory / "manifest.json").is_file()
    assert (directory / "model.safetensors").read_bytes() == (
        service_model / "model.safetensors"
    ).read_bytes()
    assert resolve_model("test-model:latest") == directory
    assert resolve_model(service_model) == service_model
    # What serve does next: BentoML's own files in the stored model are not the artefact's.
    assert verify_manifest(directory)["files"] == verify_manifest(service_model)["files"]


def test_unknown_tag_is_a_clear_error(bento_home):
    with pytest.raises(ModelNotFoundError, match="no such model in the BentoML store"):
        resolve_model("no-such-model:latest")


def test_a_tampered_artefact_is_not_stored(service_model, bento_home, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(service_model, copy)
    (copy / "operating_points.json").write_text("{}")
    with pytest.raises(ArtifactIntegrityError):
        save_to_store(copy, "tampered")
