"""Data-quality summary: exact numbers on a small hand-made set, and no text in the report."""

from __future__ import annotations

import pytest
from data_layer_cases import make_row

from referral_nlp.data import data_quality_summary, records_to_dataset
from referral_nlp.data.quality import age_band, deprivation_quintile, percentile


def _words(k: int) -> str:
    return " ".join(["SECRETWORD"] * k)


def _records() -> list[dict]:
    common = {"assessment_text": None, "assessment_factors": []}
    return [
        make_row(1, family_id="F1", child_id="C1", child_sex="female", ethnicity="white",
                 child_age=3, disability=False, deprivation_decile=1, text=_words(4),
                 assessment_text="Closed to EH.", re_referral_12m=1, escalation_12m=0),
        make_row(2, family_id="F1", child_id="C2", child_sex="male", ethnicity="white",
                 child_age=7, disability=True, deprivation_decile=2, text=_words(10),
                 assessment_text="NFA.", re_referral_12m=0, escalation_12m=0),
        make_row(3, family_id="F2", child_id="C3", child_sex="female", ethnicity="asian",
                 child_age=12, disability=None, deprivation_decile=5, text=_words(2),
                 re_referral_12m=1, escalation_12m=1, **common),
        make_row(4, family_id="F3", child_id="C4", child_sex=None, ethnicity="black",
                 child_age=16, disability=False, deprivation_decile=10, text=_words(20),
                 re_referral_12m=0, escalation_12m=None, **common),
        make_row(5, family_id="F3", child_id="C4", child_sex="female", ethnicity="black",
                 child_age=17, disability=False, deprivation_decile=None, text=_words(6),
                 re_referral_12m=None, escalation_12m=None, **common),
        make_row(6, family_id="F4", child_id="C5", child_sex="male", ethnicity="mixed",
                 child_age=None, disability=False, deprivation_decile=9, text=_words(8),
                 re_referral_12m=1, escalation_12m=0, **common),
    ]  # fmt: skip


def test_counts_and_missingness():
    report = data_quality_summary(_records())
    assert (report.n_rows, report.n_families, report.n_children) == (6, 4, 5)
    assert report.missingness["child_sex"] == pytest.approx(1 / 6)
    assert report.missingness["assessment_text"] == pytest.approx(4 / 6)
    assert report.missingness["assessment_factors"] == pytest.approx(4 / 6)
    assert report.missingness["escalation_12m"] == pytest.approx(2 / 6)
    assert report.missingness["text"] == 0
    assert report.closure_date_range == ("2023-03-01", "2023-03-01")


def test_label_rates_overall_and_by_group():
    report = data_quality_summary(_records())
    overall = report.overall
    assert (
        overall.n,
        overall.labelled["re_referral_12m"],
        overall.positives["re_referral_12m"],
    ) == (6, 5, 3)
    assert overall.rate("re_referral_12m") == pytest.approx(0.6)
    assert overall.rate("escalation_12m") == pytest.approx(0.25)
    sex = report.rates_for("child_sex")
    assert list(sex) == ["female", "male", "not recorded"]
    assert sex["female"].rate("re_referral_12m") == 1.0
    assert sex["male"].rate("re_referral_12m") == 0.5
    assert sex["not recorded"].rate("escalation_12m") is None
    assert list(report.rates_for("age_band")) == ["0-4", "5-9", "10-15", "16-17", "not recorded"]
    assert report.rates_for("age_band")["16-17"].n == 2
    assert {k: v.n for k, v in report.rates_for("disability").items()} == {
        "no": 4,
        "yes": 1,
        "not recorded": 1,
    }
    assert {k: v.n for k, v in report.rates_for("deprivation_quintile").items()} == {
        "Q1 (most deprived)": 2,
        "Q3": 1,
        "Q5 (least deprived)": 2,
        "not recorded": 1,
    }
    assert set(report.rates_for("ethnicity")) == {"asian", "black", "mixed", "white"}


def test_text_lengths():
    report = data_quality_summary(_records())
    text, assessment = report.text_lengths
    assert (text.field, text.n, text.min, text.median, text.max) == ("text", 6, 2, 7.0, 20)
    assert text.p95 == pytest.approx(17.5)
    assert (assessment.field, assessment.n, assessment.min, assessment.max) == (
        "assessment_text",
        2,
        1,
        3,
    )


def test_markdown_and_dict_hold_no_text_and_match_a_dataset():
    records = _records()
    report = data_quality_summary(records)
    markdown = report.to_markdown()
    assert markdown.startswith("# Data quality summary")
    assert "| overall | all | 6 | 60.0% (3/5) | 25.0% (1/4) |" in markdown
    assert "| text | 6 | 2 | 7 | 17.5 | 20 |" in markdown
    assert "SECRETWORD" not in markdown and "Closed to EH" not in markdown
    assert "R0001" not in markdown and "F1 " not in markdown
    assert "SECRETWORD" not in str(report.to_dict())
    assert report.to_dict()["label_rates"][0]["rates"]["re_referral_12m"] == pytest.approx(0.6)
    assert data_quality_summary(records_to_dataset(records)).to_markdown() == markdown


def test_helpers_and_empty_input():
    assert [age_band(a) for a in (0, 4, 5, 9, 10, 15, 16, 17, None, 30)] == [
        "0-4",
        "0-4",
        "5-9",
        "5-9",
        "10-15",
        "10-15",
        "16-17",
        "16-17",
        "not recorded",
        "not recorded",
    ]
    assert [deprivation_quintile(d) for d in (1, 2, 3, 6, 10, None)] == [
        "Q1 (most deprived)",
        "Q1 (most deprived)",
        "Q2",
        "Q3",
        "Q5 (least deprived)",
        "not recorded",
    ]
    assert percentile([5], 95) == 5
    empty = data_quality_summary([])
    assert (
        empty.n_rows == 0
        and empty.text_lengths == []
        and empty.overall.rate("re_referral_12m") is None
    )
    assert "# Data quality summary" in empty.to_markdown()
