"""`referral-nlp promote`: a trained model becomes the default, verified, in one rename."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from referral_nlp.artifacts import artefact_version, verify_manifest, write_manifest
from referral_nlp.cli import main
from referral_nlp.modeling.default_model import MODEL_DIR_ENV, resolve_model_dir


def _artefact(directory: Path, weights: bytes) -> Path:
    directory.mkdir(parents=True)
    (directory / "model.safetensors").write_bytes(weights)
    (directory / "calibration.json").write_text(json.dumps({"a": 1}))
    write_manifest(directory)
    return directory


def test_promote_installs_the_model_and_keeps_the_one_it_replaces(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    first = _artefact(tmp_path / "run1" / "model", b"one")
    second = _artefact(tmp_path / "run2" / "model", b"two")
    assert main(["promote", "--model", str(first)]) == 0
    default = resolve_model_dir()
    assert artefact_version(verify_manifest(default)) == artefact_version(first)
    assert main(["promote", "--model", str(second)]) == 0
    err = capsys.readouterr().err
    assert f"promoted model {artefact_version(second)}" in err
    assert f"the model it replaced ({artefact_version(first)}) is kept" in err
    assert artefact_version(verify_manifest(default)) == artefact_version(second)
    previous = default.with_name("default.previous")
    assert artefact_version(verify_manifest(previous)) == artefact_version(first)
    # Going back is promoting the previous one.
    assert main(["promote", "--model", str(previous)]) == 0
    assert artefact_version(default) == artefact_version(first)
    assert artefact_version(previous) == artefact_version(second)
    leftovers = [p.name for p in default.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_tampered_model_is_not_promoted_and_the_default_stays(tmp_path, capsys):
    good = _artefact(tmp_path / "good", b"one")
    bad = _artefact(tmp_path / "bad", b"two")
    (bad / "calibration.json").write_text(json.dumps({"a": 2}))
    target = tmp_path / "models" / "default"
    assert main(["promote", "--model", str(good), "--to", str(target)]) == 0
    assert main(["promote", "--model", str(bad), "--to", str(target)]) == 2
    assert "calibration.json" in capsys.readouterr().err
    assert artefact_version(verify_manifest(target)) == artefact_version(good)
    assert sorted(p.name for p in target.parent.iterdir()) == ["default"]


@pytest.mark.parametrize("what", ["not a model", "the target itself"])
def test_promote_refuses_what_is_no_model_to_install(tmp_path, capsys, what):
    target = _artefact(tmp_path / "models" / "default", b"one")
    source = tmp_path / "notes" if what == "not a model" else target
    source.mkdir(exist_ok=True)
    assert main(["promote", "--model", str(source), "--to", str(target)]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("place", ["target", "previous"])
def test_a_folder_that_holds_something_else_is_never_replaced(tmp_path, capsys, place):
    # `--to models` (the folder of models) had been moved aside, then deleted next time.
    models = tmp_path / "models"
    target = models / "default" if place == "previous" else models
    keep = (models / "default.previous" if place == "previous" else models) / "council-2023"
    keep.mkdir(parents=True)
    (keep / "notes.txt").write_text("keep me")
    if place == "previous":
        _artefact(target, b"zero")
    source = _artefact(tmp_path / "run" / "model", b"one")
    assert main(["promote", "--model", str(source), "--to", str(target)]) == 2
    assert "holds something other than a referral-nlp model" in capsys.readouterr().err
    assert (keep / "notes.txt").read_text() == "keep me"


def test_a_damaged_default_model_is_replaced_not_a_reason_to_refuse(tmp_path, capsys):
    target = _artefact(tmp_path / "models" / "default", b"old")
    (target / "manifest.json").write_text("{not json")
    source = _artefact(tmp_path / "run" / "model", b"new")
    assert main(["promote", "--model", str(source), "--to", str(target)]) == 0
    assert "a damaged or empty model" in capsys.readouterr().err
    assert artefact_version(verify_manifest(target)) == artefact_version(source)
