"""TrainingConfig: strict keys, impossible values named, profile < file < flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from referral_nlp.modeling.training.config import (
    ConfigError,
    TrainingConfig,
    add_arguments,
    profile_table,
)
from referral_nlp.modeling.training.profiles import PROFILES


def test_default_profile_is_cpu_quick() -> None:
    config = TrainingConfig.from_args([])
    assert config.profile == "cpu-quick"
    for key, value in PROFILES["cpu-quick"].items():
        assert getattr(config, key) == value


def test_profile_then_file_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "train.yaml"
    path.write_text("profile: gpu\nbatch_size: 8\nlr: 5e-4\nencoder_lr: 2e-5\n", encoding="utf-8")
    config = TrainingConfig.from_args(
        ["--config", str(path), "--batch-size", "4", "--no-bf16", "--max-steps", "none"]
    )
    assert config.profile == "gpu"
    assert config.group_by_length is True  # from the profile
    assert config.lr == 5e-4 and config.encoder_lr == 2e-5  # from the file ("5e-4" in YAML)
    assert config.batch_size == 4 and config.bf16 is False  # flags win
    assert config.max_steps is None


def test_profile_flag_overrides_file_profile(tmp_path: Path) -> None:
    path = tmp_path / "train.json"
    path.write_text(json.dumps({"profile": "gpu", "seed": 3}), encoding="utf-8")
    config = TrainingConfig.from_args(["--config", str(path), "--profile", "cpu-quick"])
    assert config.profile == "cpu-quick" and config.seed == 3
    assert config.encoder_lr == 0.0  # cpu-quick keeps the encoder frozen; gpu would be 3e-5


def test_lists_from_flags() -> None:
    config = TrainingConfig.from_args(
        ["--text-fields", "text,assessment_text", "--structured-fields", "none"]
    )
    assert config.text_fields == ("text", "assessment_text")
    assert config.structured_fields == ()


def test_unknown_key_in_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "train.yaml"
    path.write_text("lerning_rate: 0.001\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'lerning_rate'") as info:
        TrainingConfig.from_file(path)
    assert str(path) in str(info.value)


def test_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'batchsize' \(did you mean 'batch_size'"):
        TrainingConfig.from_dict({"batchsize": 4})


def test_unknown_flag_fails() -> None:
    with pytest.raises(SystemExit):
        TrainingConfig.from_args(["--lerning-rate", "0.1"])


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"max_tokens": 4}, "max_tokens"),
        ({"head_hidden": 128, "context_heads": 3}, "context_heads"),
        ({"dropout": 1.0}, "dropout"),
        ({"sentence_dropout": 1.0}, "sentence_dropout"),
        ({"sentence_dropout": -0.1}, "sentence_dropout"),
        ({"encoder_backend": "tensorrt"}, "encoder_backend"),
        ({"encoder_backend": "onnx-int8", "encoder_lr": 2e-5}, "encoder_backend"),
        ({"min_train_records": 1}, "min_train_records"),
        ({"batch_size": 0}, "batch_size"),
        ({"lr": -1.0}, "lr"),
        ({"warmup_ratio": 1.5}, "warmup_ratio"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
        ({"precision_target": 0.0}, "precision_target"),
        ({"capacity_fraction": 2}, "capacity_fraction"),
        ({"calibration": "platt"}, "calibration"),
        ({"profile": "tpu"}, "profile"),
        ({"text_fields": ["assessment_text"]}, "text_fields"),
        ({"structured_fields": ["shoe_size"]}, "structured_fields"),
        ({"limit_train": 1}, "limit_train"),
        ({"max_sentences": 0}, "max_sentences"),
        ({"epochs": 1, "early_stopping_patience": 2, "eval_every": 0}, "early_stopping_patience"),
        ({"already_redacted": True, "redaction_config": "r.yaml"}, "redaction_config"),
    ],
)
def test_impossible_values_name_the_key(values: dict, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        TrainingConfig.from_dict(values)
    assert str(info.value).startswith(f"{key}: expected")
    assert "got" in str(info.value)


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"batch_size": "16"}, "batch_size"),
        ({"bf16": "yes"}, "bf16"),
        ({"epochs": 2.5}, "epochs"),
        ({"text_fields": "text"}, "text_fields"),
        ({"data_dir": 3}, "data_dir"),
        ({"output_dir": None}, "output_dir"),
    ],
)
def test_wrong_types_name_the_key(values: dict, key: str) -> None:
    with pytest.raises(ConfigError, match=rf"^{key}: expected"):
        TrainingConfig.from_dict(values)


def test_bad_value_in_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "train.yaml"
    path.write_text("batch_size: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"train\.yaml: batch_size: expected at least 1, got 0"):
        TrainingConfig.from_file(path)


def test_bad_yaml_and_non_mapping(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("batch_size: [1,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        TrainingConfig.from_file(bad)
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a mapping"):
        TrainingConfig.from_file(listed)


def test_round_trip_and_replace() -> None:
    config = TrainingConfig.from_profile("gpu", data_dir="d")
    again = TrainingConfig.from_dict(config.to_dict())
    assert again == config
    assert config.replace(batch_size=2).batch_size == 2
    with pytest.raises(ConfigError, match=r"^batch_size"):
        config.replace(batch_size=-2)


def test_shipped_config_files_load() -> None:
    root = Path(__file__).resolve().parents[2] / "training" / "configs"
    for name in ("cpu-quick", "gpu", "multi-gpu"):
        config = TrainingConfig.from_file(root / f"{name}.yaml")
        assert config.profile == name


def test_every_field_has_help_and_a_flag() -> None:
    import argparse
    import dataclasses

    parser = add_arguments(argparse.ArgumentParser())
    flags = {a.dest for a in parser._actions}
    for f in dataclasses.fields(TrainingConfig):
        assert f.metadata.get("help"), f.name
        assert f.name in flags
    assert "| encoder_lr | 0.0 |  | 3e-05 | 3e-05 |" in profile_table()


def test_shipped_yaml_files_name_their_profile_and_nothing_else() -> None:
    """The profile's values live in PROFILES only; a YAML file that repeated them would drift."""
    import yaml

    root = Path(__file__).resolve().parents[2] / "training" / "configs"
    for name in ("cpu-quick", "gpu", "multi-gpu"):
        values = yaml.safe_load((root / f"{name}.yaml").read_text(encoding="utf-8"))
        assert values == {"profile": name}
        assert TrainingConfig.from_file(root / f"{name}.yaml") == TrainingConfig.from_profile(name)
