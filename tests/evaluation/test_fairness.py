"""Fairness across groups: base rates are not flagged, biased models and biased records are.

Every cohort here draws outcomes from known true risks, so the truth of each test is known: a
group that needs more help, a model that under-rates a group, records that over-state a group's
outcomes, a model that ranks one group worse.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.special import expit, logit

from referral_nlp.data.groups import NOT_RECORDED
from referral_nlp.evaluation.fairness import (
    FairnessSettings,
    fairness_analysis,
    matched_thresholds,
)
from referral_nlp.evaluation.fairness_text import MEANINGS, meaning_key
from referral_nlp.evaluation.group_bootstrap import Estimate

LABEL = "re_referral_12m"


def cohort(n: int, seed: int, *, infant_shift: float = 1.2):
    """True risks that differ by age band (infants much riskier), families of two."""
    rng = np.random.default_rng(seed)
    age = np.array(["0-4", "5-9", "10-15", "16-17"], dtype=object)[rng.integers(0, 4, n)]
    ethnicity = np.array(["white", "black", "asian"], dtype=object)[
        rng.choice(3, n, p=[0.6, 0.2, 0.2])
    ]
    z = rng.normal(-1.4, 1.0, n) + infant_shift * (age == "0-4")
    q = expit(z)
    y = (rng.random(n) < q).astype(int)
    families = np.array([f"fam-{i // 2}" for i in range(n)], dtype=object)
    return rng, {"age_band": age, "ethnicity": ethnicity}, q, y, families


def analyse(y, p, groups, q=None, families=None, thresholds=None, **settings):
    thresholds = thresholds or {"top_10pct": float(np.quantile(p, 0.9))}
    return fairness_analysis(
        {LABEL: y},
        {LABEL: p},
        groups,
        {LABEL: thresholds},
        oracle=None if q is None else {LABEL: q},
        clusters=families,
        settings=FairnessSettings(n_boot=300, **settings),
    )


def group(result, attribute, code):
    return result.labels[LABEL][attribute].groups[code]


def test_a_difference_in_need_is_reported_never_flagged() -> None:
    """Infants are far riskier: at one threshold even the truth has a big TPR gap for them.
    The old report flagged that gap against the oracle; now the oracle has no flag at all."""
    _, groups, q, y, families = cohort(6000, seed=0)
    result = analyse(y, q, groups, q, families)
    infants = group(result, "age_band", "0-4")
    assert infants.stats["outcome_gap"].low > 0.15  # reported, with its interval
    assert abs(infants.stats["tpr_gap|top_10pct"].value) > 0.3  # the base-rate gap is real
    assert infants.stats["tpr_excess|top_10pct"].value == pytest.approx(0.0)
    assert result.flags == []
    assert all(c.verdict != "flagged" for g in result.groups() for c in g.comparisons)
    # The truth is not compared with itself: calibration is its only question.
    assert {c.kind for g in result.groups() for c in g.comparisons} == {"calibration"}


def test_a_model_that_under_rates_one_group_is_flagged_against_the_truth() -> None:
    _, groups, q, y, families = cohort(6000, seed=1)
    black = groups["ethnicity"] == "black"
    p = np.where(black, expit(logit(q) - 1.0), q)  # the model ignores part of their risk
    result = analyse(y, p, groups, q, families)
    flagged = {(f.attribute, f.group) for f in result.flags}
    assert flagged == {("ethnicity", "black")}
    verdicts = {c.kind: c for c in group(result, "ethnicity", "black").comparisons}
    assert (
        verdicts["model_vs_truth"].flagged and verdicts["model_vs_truth"].meaning == "under_rated"
    )
    assert verdicts["calibration"].flagged and verdicts["calibration"].meaning == "under_rated"
    assert "under-rates this group's risk" in result.flags[0].message


def test_recording_bias_is_flagged_as_records_out_of_line() -> None:
    """Negatives of one group recorded positive at 15%; the model follows the true risk."""
    rng, groups, q, y, families = cohort(6000, seed=2)
    black = groups["ethnicity"] == "black"
    recorded = np.where(black & (y == 0) & (rng.random(y.size) < 0.15), 1, y)
    result = analyse(recorded, q, groups, q, families)
    assert [(f.attribute, f.group, f.kinds) for f in result.flags] == [
        ("ethnicity", "black", ["calibration"])
    ]
    flag = result.flags[0]
    assert "outcomes are recorded more often than the underlying risk explains" in flag.message
    assert flag.meanings == [MEANINGS["recording_high"]]
    assert flag.finding.startswith("recorded ") and "(true risk " in flag.finding


def test_a_model_that_ranks_one_group_worse_has_an_error_rate_gap_beyond_the_truth() -> None:
    _, groups, q, y, families = cohort(8000, seed=3, infant_shift=0.0)
    asian = groups["ethnicity"] == "asian"
    # Right on average for the group, but its scores say nothing about who in it is at risk.
    p = np.where(asian, q[asian].mean(), q)
    result = analyse(y, p, groups, q, families)
    asian_group = group(result, "ethnicity", "asian")
    tpr = next(c for c in asian_group.comparisons if c.kind == "tpr_excess")
    assert tpr.flagged and tpr.estimate.value < -0.1 and tpr.meaning == "misses_more"
    assert "less likely to be flagged" in " ".join(result.flags[0].meanings)


def test_without_true_risks_error_rate_gaps_are_shown_but_not_flagged() -> None:
    _, groups, q, y, families = cohort(6000, seed=4)
    result = analyse(y, q, groups, None, families)
    infants = group(result, "age_band", "0-4")
    assert abs(infants.stats["tpr_gap|top_10pct"].value) > 0.3
    assert {c.kind for c in infants.comparisons} == {"calibration"}
    assert "true_risk" not in infants.stats
    assert result.flags == [] and result.to_dict()["method"]["oracle"] is False
    # A miscalibrated group is still flagged, and the words say what cannot be told apart.
    black = groups["ethnicity"] == "black"
    shifted = analyse(y, np.where(black, expit(logit(q) - 1.0), q), groups, None, families)
    assert [f.group for f in shifted.flags] == ["black"]
    assert "these data cannot tell which" in shifted.flags[0].message
    assert shifted.flags[0].meanings == [MEANINGS["under_predicted"]]


def test_small_groups_get_not_enough_data_and_take_no_part() -> None:
    _, groups, q, y, families = cohort(3000, seed=5)
    groups = {**groups, "disability": np.array(["no"] * 2988 + ["yes"] * 12, dtype=object)}
    result = analyse(y, q, groups, q, families)
    tiny = group(result, "disability", "yes")
    assert tiny.status == "not enough data (n=12)" and tiny.comparisons == []
    assert group(result, "disability", "no").status == "not enough data (the rest n=12)"
    assert "disability=yes (n=12)" in result.to_dict()["summary"]["not_enough_data"]
    counted = sum(len(g.comparisons) for g in result.groups())
    assert result.n_comparisons == counted


def test_missing_and_unrecorded_columns_are_reported_with_their_count() -> None:
    _, groups, q, y, _ = cohort(1000, seed=6)
    sex = np.array([None] * 1000, dtype=object)
    partly = np.array(["yes", None] * 500, dtype=object)
    result = analyse(y, q, {**groups, "child_sex": sex, "disability": partly, "x": None}, q)
    attributes = result.labels[LABEL]
    assert not attributes["child_sex"].recorded and attributes["child_sex"].n_not_recorded == 1000
    assert attributes["child_sex"].note == "not recorded: no case has a value"
    assert attributes["x"].note == "not recorded: the data has no x column"
    assert attributes["disability"].recorded and attributes["disability"].n_not_recorded == 500
    assert set(attributes["disability"].groups) == {"yes", NOT_RECORDED}
    summary = result.to_dict()["summary"]["not_recorded"]
    assert summary == {"child_sex": 1000, "disability": 500, "x": 1000}


def test_more_comparisons_need_stronger_evidence() -> None:
    """Holm: the same gap is flagged alone, not among two hundred other comparisons."""
    rng, groups, q, y, families = cohort(2000, seed=7)
    black = groups["ethnicity"] == "black"
    p = np.where(black, np.clip(q - 0.12, 0.001, None), q)
    alone = analyse(y, p, {"ethnicity": groups["ethnicity"]}, None, families)
    noise = {f"noise{k}": rng.choice(["a", "b", "c", "d"], y.size) for k in range(60)}
    crowded = analyse(y, p, {"ethnicity": groups["ethnicity"], **noise}, None, families)
    assert crowded.n_comparisons > 10 * alone.n_comparisons
    before = next(c for c in group(alone, "ethnicity", "black").comparisons)
    after = next(c for c in group(crowded, "ethnicity", "black").comparisons)
    assert before.flagged and not after.flagged
    assert after.verdict == "inconclusive"  # its own interval still clears the tolerance
    assert after.p_adjusted > before.p_adjusted


def test_family_clusters_widen_the_intervals() -> None:
    """Siblings share their outcome here; resampling children one by one understates noise."""
    rng = np.random.default_rng(8)
    n = 4000
    fam = np.repeat(np.arange(n // 4), 4)
    z = rng.normal(-1, 1.5, n // 4)[fam]
    y = (rng.random(n // 4) < expit(z[::4])).astype(int)[fam]
    g = {"grp": np.array(["a", "b"], dtype=object)[rng.integers(0, 2, n // 4)][fam]}
    fam_ids = np.array([f"f{i}" for i in fam], dtype=object)
    by_case = analyse(y, expit(z), g)
    by_family = analyse(y, expit(z), g, families=fam_ids)
    se_case = group(by_case, "grp", "a").stats["outcome_rate"].se
    se_family = group(by_family, "grp", "a").stats["outcome_rate"].se
    assert se_family > 1.6 * se_case
    assert by_family.to_dict()["method"]["interval"] == "family-cluster bootstrap"


@pytest.mark.parametrize("key", ["tolerance", "calibration_tolerance"])
@pytest.mark.parametrize("bad", [0, 0.0, 1, 1.0, -0.05, 1.5, math.nan, "0.1", True])
def test_a_tolerance_outside_zero_one_is_refused_naming_the_key(key: str, bad: object) -> None:
    with pytest.raises(ValueError, match=rf"^{key}: expected a gap strictly between 0 and 1"):
        FairnessSettings(**{key: bad})


@pytest.mark.parametrize(
    ("key", "bad"), [("min_group_size", 0), ("min_group_size", 9), ("min_class_size", 2)]
)
def test_group_floors_too_small_to_judge_are_refused(key: str, bad: int) -> None:
    # min_group_size 0 had flagged a group of two cases with "Holm-adjusted p 0".
    with pytest.raises(ValueError, match=rf"^{key}: expected a whole number of at least"):
        FairnessSettings(**{key: bad})
    with pytest.raises(ValueError, match=rf"^{key}:"):
        from referral_nlp.evaluation.settings import EvaluationSettings

        EvaluationSettings.from_dict({key: bad})


def test_bad_inputs_are_named() -> None:
    _, groups, q, y, _ = cohort(200, seed=9)
    with pytest.raises(ValueError, match="lengths"):
        analyse(y, q[:-1], groups)
    with pytest.raises(ValueError, match=r"probabilities: expected an entry for label"):
        fairness_analysis({LABEL: y}, {}, groups, {LABEL: {}})
    with pytest.raises(ValueError, match=r"oracle: expected true probabilities"):
        fairness_analysis({LABEL: y}, {LABEL: q}, groups, {LABEL: {}}, oracle={})
    with pytest.raises(ValueError, match="not an id"):
        analyse(y, q, {"child_id": [f"c{i}" for i in range(200)]})
    with pytest.raises(ValueError, match=r"groups\['age_band'\]: expected one code per case"):
        analyse(y, q, {"age_band": groups["age_band"][:10]})
    with pytest.raises(ValueError, match=r"thresholds\['re_referral_12m'\]\['p'\]"):
        analyse(y, q, groups, thresholds={"p": math.nan})


def test_the_result_is_json_and_holds_only_codes_and_numbers() -> None:
    _, groups, q, y, families = cohort(2000, seed=10)
    text = json.dumps(analyse(y, q, groups, q, families).to_dict(), allow_nan=False)
    assert "fam-" not in text  # family ids are only counted
    data = json.loads(text)
    assert data["method"]["correction"] == "holm"
    infants = data["labels"][LABEL]["attributes"]["age_band"]["groups"]["0-4"]
    assert set(infants["stats"]["outcome_rate"]) == {"value", "low", "high", "se"}
    assert data["labels"][LABEL]["operating_points"]["top_10pct"]["flag_rate"] == pytest.approx(
        0.1, abs=0.002
    )


def test_every_finding_has_words_for_a_reviewer() -> None:
    truth = {
        "recorded_vs_truth": Estimate(0.1, 0.05, 0.15),
        "model_vs_truth": Estimate(0.0, -0.01, 0.01),
    }
    keys = {
        meaning_key(kind, value, truth, oracle)
        for kind in ("calibration", "model_vs_truth", "tpr_excess", "fpr_excess")
        for value in (-0.2, 0.2)
        for oracle in (True, False)
        if oracle or kind == "calibration"
    }
    assert keys <= set(MEANINGS)
    assert meaning_key("model_vs_truth", 0.1, truth, True) == "learned_recording"
    with pytest.raises(ValueError, match="kind"):
        meaning_key("auroc", 0.1, truth, True)


def test_matched_thresholds_flag_as_many_cases_on_the_raw_scale() -> None:
    raw = np.array([0.9, 0.1, 0.5, 0.3, 0.7])
    calibrated = np.array([0.8, 0.2, 0.6, 0.2, 0.65])
    out = matched_thresholds({LABEL: raw}, {LABEL: calibrated}, {LABEL: {"a": 0.6, "b": 0.99}})
    assert out[LABEL]["a"] == 0.5  # three flagged either way
    assert int(np.sum(raw >= out[LABEL]["a"])) == int(np.sum(calibrated >= 0.6)) == 3
    assert out[LABEL]["b"] == math.inf  # nothing flagged
