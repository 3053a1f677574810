"""resolve_base_model: packaged default, local directories, hub ids, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from referral_nlp.modeling.base_model import BaseModelError, resolve_base_model


def test_default_is_the_packaged_minilm():
    path = Path(resolve_base_model(None))
    assert path == Path(resolve_base_model("default"))
    assert path == Path(resolve_base_model("sentence-transformers/all-MiniLM-L6-v2"))
    assert (path / "config.json").is_file()
    assert (path / "model.safetensors").is_file()
    assert (path / "tokenizer.json").is_file() or (path / "vocab.txt").is_file()


def test_local_directory(minilm_dir, tmp_path):
    assert resolve_base_model(str(minilm_dir)) == str(minilm_dir)
    with pytest.raises(BaseModelError, match=r"config\.json"):
        resolve_base_model(str(tmp_path))
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(BaseModelError, match="not a file"):
        resolve_base_model(str(tmp_path / "f.txt"))
    with pytest.raises(BaseModelError, match="no such directory"):
        resolve_base_model(str(tmp_path / "missing" / "deeper"))


def test_uncached_hub_id_offline_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setattr("referral_nlp.modeling.base_model._cached_on_hub", lambda model_id: False)
    with pytest.raises(BaseModelError, match="HF_HUB_OFFLINE"):
        resolve_base_model("someorg/some-model")


def test_hub_id_passes_through_online_or_cached(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    assert resolve_base_model("someorg/some-model") == "someorg/some-model"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("referral_nlp.modeling.base_model._cached_on_hub", lambda model_id: True)
    assert resolve_base_model("bert-base-uncased") == "bert-base-uncased"
