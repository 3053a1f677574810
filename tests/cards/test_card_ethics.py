"""The data-ethics self-assessment cites numbers from the evaluation for every point."""

from __future__ import annotations

from typing import Any

from referral_nlp.cards import ModelCardData, assess, content_from_dicts
from referral_nlp.cards.content import PRINCIPLES, STATUS_TEXT
from referral_nlp.cards.render import render_markdown


def point(data: ModelCardData, start: str):
    return next(p for p in data.ethics.points if p.statement.startswith(start))


def test_every_principle_has_points_with_evidence(card: ModelCardData) -> None:
    grouped = dict(card.ethics.by_principle())
    assert list(grouped) == list(PRINCIPLES)
    for principle in PRINCIPLES:
        assert grouped[principle], principle
        for p in grouped[principle]:
            assert p.evidence and all(isinstance(e, str) and e for e in p.evidence)
            assert p.status in STATUS_TEXT


def test_calibration_evidence_cites_ece_against_the_target(card: ModelCardData) -> None:
    p = point(card, "Stated probabilities mean what they say")
    assert (
        "Re-referral within 12 months: ECE after calibration 0.021 (target at most 0.030): met; "
        "before calibration 0.090" in p.evidence
    )
    assert any("ECE after calibration 0.036 (target at most 0.030): NOT met" in e
               for e in p.evidence)  # fmt: skip
    assert p.status == "concern"  # escalation misses the target, and the card says so


def test_flagged_gaps_are_cited(card: ModelCardData) -> None:
    p = point(card, "No group is served markedly worse")
    assert p.status == "concern"
    assert any(
        e.startswith("Re-referral within 12 months: ethnicity=black: outcome recorded for 36%")
        and "more often than the underlying risk explains" in e
        for e in p.evidence
    )
    # A baseline's flags are the baseline's, not this model's.
    assert not any("a baseline's flag" in e for e in p.evidence)
    assert any(e.startswith("inconclusive (more data needed)") for e in p.evidence)
    bias = point(card, "Recording bias")
    assert bias.status == "concern"
    # The small group's larger gap (n=20) is not the one cited.
    assert any("largest calibration gap ethnicity=black +0.090" in e for e in bias.evidence)


def test_without_flags_the_fairness_point_is_supported(sources: dict[str, Any]) -> None:
    eval_data = sources["eval_data"]
    eval_data["flags"] = [f for f in eval_data["flags"] if f["kind"] != "fairness"]
    block = eval_data["fairness"]["model"]
    block["flags"] = []
    for label in block["labels"].values():
        group = label["attributes"]["ethnicity"]["groups"]["black"]
        group.update(flagged=False, status="within tolerance")
        for comparison in group["comparisons"]:
            comparison.update(verdict="within tolerance", meaning=None, text="")
    data = content_from_dicts(**sources)
    p = point(data, "No group is served markedly worse")
    assert p.status == "supported"
    assert p.evidence[0].startswith("no flagged gaps: no interval cleared its tolerance")
    assert point(data, "Recording bias").status == "supported"
    assert "No group was flagged" in render_markdown(data)


def test_protected_inputs_are_a_concern(sources: dict[str, Any]) -> None:
    sources["structured_encoder"]["fields"].append({"name": "ethnicity"})
    data = content_from_dicts(**sources)
    p = point(data, "Protected characteristics are used to check the model")
    assert p.status == "concern"
    assert p.evidence == ["protected characteristics among the inputs: ethnicity"]
    assert "Protected characteristics among the inputs: ethnicity." in data.atrs.model_input


def test_missing_inputs_claim_nothing(sources: dict[str, Any]) -> None:
    data = content_from_dicts(**{**sources, "training_run": None, "redaction": None})
    assert point(data, "The training run is recorded").status == "not available"
    assert point(data, "Personal data are removed").status == "not available"
    assert any("training_run.json" in item for item in data.not_available)
    # assess() is a pure function of the content.
    assert [p.statement for p in assess(data).points] == [p.statement for p in data.ethics.points]


def test_a_characteristic_no_test_case_records_is_a_concern_not_a_measured_group(sources) -> None:
    # Missing entirely from the test split: the card said results were "reported per ...
    # ethnicity" and judged the point supported.
    from referral_nlp.cards.narrative import factors

    block = sources["eval_data"]["fairness"]["model"]
    for per_label in block["labels"].values():
        per_label["attributes"]["ethnicity"] = {
            "attribute": "ethnicity", "recorded": False, "n_not_recorded": 2000, "groups": {},
            "note": "2000 of 2000 cases not recorded",
        }  # fmt: skip
    data = content_from_dicts(**sources)
    assert data.evaluation.unrecorded_attributes == ["ethnicity"]
    p = point(data, "Performance is measured for each group")
    assert p.status == "concern"
    assert any("not recorded for any test case: ethnicity" in e for e in p.evidence)
    (groups, *_) = factors(data.evaluation)
    assert "ethnicity, which no test case records" in groups
    assert "ethnicity" not in groups.split(";")[0]  # not listed among the measured ones
