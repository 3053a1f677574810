"""Validation: required fields, placeholders, and the fields only a deploying council can fill."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from referral_nlp.cards import (
    DEPLOYER_MARKER,
    ATRSRecord,
    CardValidationError,
    ModelCardData,
    content_from_dicts,
    find_placeholder,
    load_deployer,
    validate_card,
)
from referral_nlp.errors import UserError


def fields_of(report) -> set[str]:
    return {issue.field for issue in report.errors}


def test_the_complete_card_validates_with_deployer_fields_reported(card: ModelCardData) -> None:
    report = validate_card(card)
    assert report.ok, report.summary()
    assert not report.errors
    pending = {issue.field for issue in report.pending}
    assert {"atrs.organisation", "atrs.senior_responsible_owner", "atrs.impact_assessments",
            "atrs.phase", "atrs.contact_email"} <= pending  # fmt: skip
    assert all("deployer must complete" in line for line in report.lines())
    strict = validate_card(card, strict=True)
    assert not strict.ok
    assert "blocking: --strict" in strict.summary()


def test_deployer_only_fields_are_marked_never_invented() -> None:
    record = ATRSRecord()
    deployer_fields = [f for f in record.fields() if f.origin == "deployer"]
    assert len(deployer_fields) >= 15
    for f in deployer_fields:
        assert f.value == DEPLOYER_MARKER, f.key
        assert f.pending and f.status == "deployer must complete"
    # Owner, phase, impact assessments, appeals: only the council knows them.
    for key in ("organisation", "team", "senior_responsible_owner", "phase",
                "impact_assessments", "appeals_and_review", "contact_email"):  # fmt: skip
        assert getattr(record, key) == DEPLOYER_MARKER


def test_a_deployer_file_completes_its_fields(tmp_path: Path, sources: dict[str, Any]) -> None:
    record = ATRSRecord()
    values = {
        f.key: f"{f.title} of the Example Borough Council children's services"
        for f in record.fields()
        if f.origin == "deployer"
    }
    path = tmp_path / "deployer.yaml"
    import yaml

    path.write_text(yaml.safe_dump({"atrs": values}), encoding="utf-8")
    data = content_from_dicts(**{**sources, "deployer": load_deployer(path)})
    report = validate_card(data, strict=True)
    assert report.ok, report.summary()
    assert data.atrs.organisation == "Organisation or department of the Example Borough " \
        "Council children's services"  # fmt: skip
    owner = next(p for p in data.ethics.points if p.statement.startswith("A named organisation"))
    assert owner.status == "supported"


def test_a_deployer_cannot_overwrite_evidence(sources: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"model_performance.*generated"):
        content_from_dicts(**{**sources, "deployer": {"atrs": {"model_performance": "AUROC 0.99"}}})
    with pytest.raises(ValueError, match="unknown field"):
        content_from_dicts(**{**sources, "deployer": {"atrs": {"organisaton": "x"}}})


def test_deployer_file_errors_name_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("atrs: {organisation: Example}\nowner: someone\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['owner'\]"):
        load_deployer(path)
    path.write_text("atrs: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_deployer(path)
    path.write_text("training_data: {synthetic: maybe}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"training_data\.synthetic: expected true or false"):
        load_deployer(path)
    with pytest.raises(ValueError, match="no such deployer file"):
        load_deployer(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("d.yaml", b"atrs:\n  organisation: [Sarah JONES\n  team: x\n", r"not valid YAML, line 3"),
        ("d.json", b'{"atrs": {"organisation": "Sarah JONES",}}', r"not valid JSON \(line 1"),
        ("d.yaml", b"atrs:\n  organisation: Sarah JONES \xff\n", r"not UTF-8"),
        ("d.yaml", b"- Sarah JONES\n", r"expected a mapping"),
    ],
)
def test_an_unreadable_deployer_file_is_a_user_error_naming_file_not_content(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=rf"{re.escape(str(path))}: .*{expected}") as info:
        load_deployer(path)
    assert "JONES" not in str(info.value)


def test_deployer_values_and_card_failures_are_user_errors(sources: dict[str, Any]) -> None:
    # The CLI prints a UserError as one line (exit 2); anything else is a bug with a traceback.
    with pytest.raises(UserError, match=r"atrs: unknown field\(s\) \['organisaton'\]"):
        content_from_dicts(**{**sources, "deployer": {"atrs": {"organisaton": "x"}}})
    with pytest.raises(UserError, match=r"deployer: unknown key\(s\) \['owner'\]"):
        content_from_dicts(**{**sources, "deployer": {"owner": "x"}})
    with pytest.raises(UserError, match=r"redaction scores: 'notes.jsonl': expected"):
        content_from_dicts(**{**sources, "redaction": {"notes.jsonl": [1, 2]}})
    report = validate_card(content_from_dicts(**{**sources, "eval_data": None}))
    assert not report.ok
    assert isinstance(CardValidationError(report), UserError)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("TBD", "TBD"),
        ("TODO: ask the DPO", "TODO"),
        ("<council name>", "<...>"),
        ("<...>", "<...>"),
        ("Lorem ipsum dolor sit amet", "lorem ipsum"),
        ("[insert team name]", "[insert ...]"),
        ("FIXME", "FIXME"),
    ],
)
def test_placeholders_fail_validation_naming_the_field(
    sources: dict[str, Any], value: str, pattern: str
) -> None:
    data = content_from_dicts(
        **{**sources, "deployer": {"atrs": {"organisation": value, "benefits": "Fewer repeat "
                                            "referrals through better-informed closures."}}}
    )  # fmt: skip
    report = validate_card(data)
    assert not report.ok
    issues = {i.field: i.problem for i in report.errors}
    assert issues == {"atrs.organisation": f"contains a placeholder ({pattern})"}


def test_find_placeholder_leaves_real_text_alone() -> None:
    for text in (
        "TPR 0.110 lower than the rest but within sampling noise (z=0.9 < 1.96)",
        "Today's team",  # "tod" is not TODO
        "ECE after calibration 0.021 (target at most 0.030)",
        DEPLOYER_MARKER,
        "Tubby's Bakery",
    ):
        assert find_placeholder(text) is None, text


def test_missing_required_inputs_are_listed_by_field(sources: dict[str, Any]) -> None:
    data = content_from_dicts(
        **{**sources, "manifest": {"files": {}}, "model_config": {}, "eval_data": None}
    )
    report = validate_card(data)
    named = fields_of(report)
    assert {"model.version", "model.weights_sha256", "model.base_model", "model.labels",
            "labels"} <= named  # fmt: skip
    assert "missing (no evaluation results for this model)" in report.summary()


def test_an_evaluation_of_another_model_fails(sources: dict[str, Any]) -> None:
    eval_data = sources["eval_data"]
    eval_data["data"]["description"]["model_version"] = "sha256:ffffffffffff"
    report = validate_card(content_from_dicts(**sources))
    assert not report.ok
    assert any(
        "evaluated model sha256:ffffffffffff, but this artefact is sha256:21b7892ad83c" in str(i)
        for i in report.errors
    )
    del eval_data["data"]["description"]["model_version"]
    report = validate_card(content_from_dicts(**sources))
    assert "does not record which model version it evaluated" in report.summary()


def test_an_evaluation_without_the_model_fails(sources: dict[str, Any]) -> None:
    eval_data = sources["eval_data"]
    del eval_data["models"]["model"]
    report = validate_card(content_from_dicts(**sources))
    assert "has no results for the model 'model'" in report.summary()
    assert "labels" in fields_of(report)


def test_missing_metric_interval_is_an_error(sources: dict[str, Any]) -> None:
    auroc = sources["eval_data"]["models"]["model"]["re_referral_12m"]["metrics"]["calibrated"][
        "auroc"
    ]
    auroc["low"] = None
    report = validate_card(content_from_dicts(**sources))
    assert "labels[re_referral_12m].metrics.auroc: no confidence interval" in report.summary()


def test_unknown_training_data_origin_fails(sources: dict[str, Any]) -> None:
    sources = {**sources, "data_card_text": None, "data_card_name": None}
    sources["eval_data"]["data"]["description"]["dataset"] = "supplied (no oracle)"
    report = validate_card(content_from_dicts(**sources))
    assert "training_data.synthetic" in fields_of(report)


def test_a_placeholder_anywhere_in_the_content_is_found(card: ModelCardData) -> None:
    broken = dataclasses.replace(card, caveats=[*card.caveats, "TODO write more caveats"])
    report = validate_card(broken)
    assert [str(i) for i in report.errors] == [
        f"caveats[{len(card.caveats)}]: contains a placeholder (TODO)"
    ]
