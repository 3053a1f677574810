"""Tests for the evaluation report (eval.json) and its PNG plots, on a small synthetic cohort."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.special import expit, logit

from referral_nlp.data.groups import age_bands, deprivation_quintiles
from referral_nlp.evaluation.plots import (
    plot_calibration,
    plot_group_calibration,
    plot_group_error_rates,
    plot_pr,
    plot_roc,
)
from referral_nlp.evaluation.report import (
    EVAL_SCHEMA_VERSION,
    EvaluationReport,
    SplitPredictions,
    read_eval_json,
)
from referral_nlp.evaluation.settings import EvaluationSettings

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LABELS = ("re_referral_12m", "escalation_12m")
BIASED = ("ethnicity", "black")
ETHNICITIES = np.array(["asian", "black", "mixed", "white", "other"], dtype=object)


def cohort(n: int, seed: int, bias_rate: float) -> tuple[SplitPredictions, list[str]]:
    """A toy closed-case cohort: families, attributes, true risks, three models' scores.

    ``bias_rate`` mimics the generator's recording-bias knob: negatives of the biased
    ethnicity group are recorded as positive at that extra rate, at unchanged true risk.
    """
    rng = np.random.default_rng(seed)
    family = rng.integers(0, n // 2, n)
    family_ids = np.array([f"fam-{f:05d}" for f in family], dtype=object)
    ethnicity = ETHNICITIES[rng.integers(0, ETHNICITIES.size, n)]
    groups = {
        "sex": np.array(["female", "male", "unknown"], dtype=object)[
            rng.choice(3, n, p=[0.48, 0.48, 0.04])
        ],
        "ethnicity": ethnicity,
        "age_band": age_bands(rng.integers(0, 18, n)),
        "disability": rng.random(n) < 0.15,
        "deprivation": deprivation_quintiles(rng.integers(1, 11, n)),
    }
    family_effect = rng.normal(0, 0.5, n // 2)[family]
    true_logit = {
        "re_referral_12m": rng.normal(-1.0, 1.2, n) + family_effect,
        "escalation_12m": rng.normal(-3.0, 1.2, n) + family_effect,
    }
    labels, scores = {}, {"transformer": {}, "baseline": {}, "oracle": {}}
    for label, z in true_logit.items():
        y = (rng.random(n) < expit(z)).astype(int)
        extra = (ethnicity == BIASED[1]) & (y == 0) & (rng.random(n) < bias_rate)
        y[extra] = 1
        labels[label] = y
        scores["oracle"][label] = expit(z)
        scores["transformer"][label] = 2.0 * (z + rng.normal(0, 0.3, n))  # over-confident logits
        scores["baseline"][label] = expit(0.6 * z + rng.normal(0, 0.8, n) - 0.3)
    split = SplitPredictions(labels=labels, scores=scores, groups=groups, clusters=family_ids)
    return split, family_ids.tolist()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvaluationReport, Path, list[str]]:
    validation, _ = cohort(3000, seed=1, bias_rate=0.2)
    test, family_ids = cohort(3000, seed=2, bias_rate=0.2)
    settings = EvaluationSettings(n_boot=200, seed=0)
    report = EvaluationReport.build(
        validation,
        test,
        settings,
        score_kinds={"transformer": "logit"},
        description={"dataset": "synthetic toy cohort", "recording_bias": 0.2},
        oracle_model="oracle",
    )
    outdir = tmp_path_factory.mktemp("eval")
    report.write(outdir)
    return report, outdir, family_ids


def test_eval_json_structure(built: tuple[EvaluationReport, Path, list[str]]) -> None:
    _, outdir, _ = built
    data = read_eval_json(outdir / "eval.json")
    assert data["schema_version"] == EVAL_SCHEMA_VERSION
    assert list(data) == [
        "schema_version",
        "settings",
        "versions",
        "data",
        "models",
        "operating_points",
        "fairness",
        "flags",
        "plots",
    ]
    assert data["settings"]["n_boot"] == 200 and data["settings"]["precision_target"] == 0.65
    assert data["versions"]["numpy"] == np.__version__
    assert data["data"]["test"]["n"] == 3000 and data["data"]["test"]["n_clusters"] > 1000
    assert set(data["models"]) == {"transformer", "baseline", "oracle"}
    for model in data["models"]:
        for label in LABELS:
            entry = data["models"][model][label]
            assert entry["calibration"]["method"] in ("temperature", "isotonic")
            for stage in ("uncalibrated", "calibrated"):
                for metric in ("auroc", "average_precision", "brier", "ece"):
                    m = entry["metrics"][stage][metric]
                    assert m["low"] <= m["value"] <= m["high"]
            assert set(data["operating_points"][model][label]) == {"precision_65", "top_10pct"}
            cap = data["operating_points"][model][label]["top_10pct"]
            assert cap["validation"]["flag_rate"] <= 0.10  # capacity is never exceeded
            # Isotonic steps can tie the boundary and leave the flag rate short: then a note.
            if cap["validation"]["flag_rate"] < 0.08:
                assert "tied scores" in cap["validation"]["note"]
            assert abs(cap["test"]["flag_rate"] - cap["validation"]["flag_rate"]) < 0.03
            fair = data["fairness"][model]["labels"][label]
            assert set(fair["operating_points"]) == {"precision_65", "top_10pct"}
            attributes = fair["attributes"]
            assert set(attributes) == {"sex", "ethnicity", "age_band", "disability", "deprivation"}
            assert set(attributes["disability"]["groups"]) == {"yes", "no"}
            assert (
                attributes["sex"]["n_not_recorded"]
                == attributes["sex"]["groups"]["not recorded"]["n"]
            )
        method = data["fairness"][model]["method"]
        assert method["correction"] == "holm" and method["oracle"] is True
        assert method["interval"] == "family-cluster bootstrap"


def test_calibration_helps_the_over_confident_model(
    built: tuple[EvaluationReport, Path, list[str]],
) -> None:
    data = built[0].to_dict()
    metrics = data["models"]["transformer"]["re_referral_12m"]["metrics"]
    assert metrics["calibrated"]["ece"]["value"] < metrics["uncalibrated"]["ece"]["value"] / 2
    params = data["models"]["transformer"]["re_referral_12m"]["calibration"]["params"]
    assert params["kind"] == "logit"
    oracle = data["models"]["oracle"]["re_referral_12m"]["metrics"]["calibrated"]["auroc"]
    baseline = data["models"]["baseline"]["re_referral_12m"]["metrics"]["calibrated"]["auroc"]
    assert oracle["value"] > baseline["value"]


def test_report_flags_the_recording_biased_group_and_says_why(
    built: tuple[EvaluationReport, Path, list[str]],
) -> None:
    """Negatives of one group recorded positive at 20%: every model's scores follow the true
    risk, so the flag is calibration, and the oracle shows the records are out of line."""
    report = built[0]
    data = report.to_dict()
    attribute, group = BIASED
    for model in ("transformer", "oracle"):
        for label in LABELS:
            eth = data["fairness"][model]["labels"][label]["attributes"][attribute]["groups"]
            assert eth[group]["flagged"], (model, label, eth[group]["comparisons"])
            flagged = [c for c in eth[group]["comparisons"] if c["verdict"] == "flagged"]
            assert [c["kind"] for c in flagged] == ["calibration"]
            assert flagged[0]["meaning"] == "recording_high"
            assert "more often than the underlying risk explains" in flagged[0]["text"]
            others = [g for code, g in eth.items() if code != group]
            assert not any(g["flagged"] for g in others)
    fairness_flags = [f for f in report.flags if f["kind"] == "fairness"]
    assert {(f["attribute"], f["group"]) for f in fairness_flags} == {BIASED}
    assert all(f["message"].startswith("ethnicity=black: outcome recorded for") for f in
               fairness_flags)  # fmt: skip


def test_the_oracle_is_judged_on_the_true_risks(
    built: tuple[EvaluationReport, Path, list[str]],
) -> None:
    """Its gaps to itself are exactly zero: a recalibrated oracle is not the truth."""
    oracle = built[0].to_dict()["fairness"]["oracle"]["labels"]["re_referral_12m"]
    for block in oracle["attributes"].values():
        for g in block["groups"].values():
            assert g["stats"]["model_vs_truth"]["value"] == pytest.approx(0.0, abs=1e-12)
            for point in oracle["operating_points"]:
                assert g["stats"][f"tpr_excess|{point}"]["value"] in (None, pytest.approx(0.0))


def test_eval_json_round_trip_and_no_personal_data(
    built: tuple[EvaluationReport, Path, list[str]],
) -> None:
    report, outdir, family_ids = built
    text = (outdir / "eval.json").read_text(encoding="utf-8")
    assert json.loads(text) == report.to_dict()
    assert EvaluationReport.from_json(text).to_json() == text
    assert "NaN" not in text and "Infinity" not in text
    assert not any(fid in text for fid in family_ids[:200])
    with pytest.raises(ValueError, match="schema_version"):
        EvaluationReport.from_json(json.dumps({"schema_version": 99}))


def test_plots_written_as_png(built: tuple[EvaluationReport, Path, list[str]]) -> None:
    _, outdir, _ = built
    plots = read_eval_json(outdir / "eval.json")["plots"]
    paths = [*plots["roc"].values(), *plots["pr"].values()]
    for kind in ("calibration", "fairness_calibration", "fairness_error_rates"):
        paths += [p for per_model in plots[kind].values() for p in per_model.values()]
    assert len(paths) == 2 + 2 + 3 * 3 * 2
    for rel in paths:
        assert (outdir / rel).read_bytes()[:8] == PNG_MAGIC
    assert not list(outdir.rglob("*.part"))  # atomic writes left no temporaries


def test_plot_functions_return_their_paths(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    p = expit(rng.normal(-1, 1.5, 500))
    y = (rng.random(500) < p).astype(int)
    worse = expit(logit(p) * 0.5 + rng.normal(0, 1, 500))
    assert plot_roc(y, {"a": p, "b": worse}, tmp_path / "roc.png") == tmp_path / "roc.png"
    assert plot_pr(y, {"a": p}, tmp_path / "pr.png", precision_target=0.65).exists()
    assert plot_calibration(y, {"before": worse, "after": p}, tmp_path / "cal.png").exists()
    for name in ("roc.png", "pr.png", "cal.png"):
        assert (tmp_path / name).read_bytes()[:8] == PNG_MAGIC
    with pytest.raises(ValueError, match=r"\.png"):
        plot_roc(y, {"a": p}, tmp_path / "roc.svg")
    # A single-class test set still gives a plot, not a crash.
    assert plot_roc(np.zeros(10, int), {"a": p[:10]}, tmp_path / "one.png").exists()


def test_bad_report_inputs_are_named() -> None:
    validation, _ = cohort(200, seed=3, bias_rate=0.0)
    test, _ = cohort(200, seed=4, bias_rate=0.0)
    oracle = test.scores["oracle"]
    missing = SplitPredictions(
        test.labels, {"oracle": {"re_referral_12m": oracle["re_referral_12m"]}}
    )
    with pytest.raises(ValueError, match="model 'oracle' for label 'escalation_12m'"):
        EvaluationReport.build(validation, missing, EvaluationSettings(n_boot=0))
    short = SplitPredictions(test.labels, {"oracle": {**oracle, "re_referral_12m": [0.5]}})
    with pytest.raises(ValueError, match="expected 200 values \\(one per case\\), got 1"):
        EvaluationReport.build(validation, short, EvaluationSettings(n_boot=0))
    ids = SplitPredictions(
        test.labels, test.scores, groups={"child": [f"c{i}" for i in range(200)]}
    )
    with pytest.raises(ValueError, match="not an id"):
        EvaluationReport.build(validation, ids, EvaluationSettings(n_boot=0))
    with pytest.raises(ValueError, match="precision_target"):
        EvaluationSettings(precision_target=1.5)
    for bad_seed in (-1, 2**32):  # numpy's range; it would be a traceback later
        with pytest.raises(ValueError, match=r"^seed: expected a whole number from 0"):
            EvaluationSettings(seed=bad_seed)
    for key in ("tolerance", "calibration_tolerance"):
        for bad in (0.0, 1.0, -0.1, 2.0):
            with pytest.raises(ValueError, match=f"^{key}: expected a gap strictly between 0"):
                EvaluationSettings(**{key: bad})
        with pytest.raises(ValueError, match=f"^{key}:"):
            EvaluationSettings.from_dict({key: 0})
    with pytest.raises(ValueError, match="oracle_model"):
        EvaluationReport.build(validation, test, EvaluationSettings(n_boot=0), oracle_model="x")
    with pytest.raises(ValueError, match="unknown key"):
        EvaluationSettings.from_dict({"n_boots": 3})
    assert EvaluationSettings.from_dict(EvaluationSettings().to_dict()) == EvaluationSettings()


def test_fairness_plots_from_the_json_alone(
    built: tuple[EvaluationReport, Path, list[str]], tmp_path: Path
) -> None:
    data = read_eval_json(built[1] / "eval.json")
    block = data["fairness"]["transformer"]["labels"]["re_referral_12m"]
    cal = plot_group_calibration(block, tmp_path / "c.png", tolerance=0.05)
    rates = plot_group_error_rates(block, tmp_path / "r.png")
    assert cal.read_bytes()[:8] == PNG_MAGIC and rates.read_bytes()[:8] == PNG_MAGIC
    # A judged group with no positive case has no TPR: its row is empty, not a crash.
    empty = json.loads(json.dumps(block))
    judged = [
        g
        for a in empty["attributes"].values()
        for g in a["groups"].values()
        if not str(g.get("status", "")).startswith("not enough data")
    ]
    for key in [k for k in judged[0]["stats"] if k.startswith("tpr|")]:
        judged[0]["stats"][key] = {"value": None, "low": None, "high": None}
    assert plot_group_error_rates(empty, tmp_path / "e.png").read_bytes()[:8] == PNG_MAGIC
    with pytest.raises(ValueError, match="at least one group"):
        plot_group_calibration({"attributes": {}}, tmp_path / "x.png", tolerance=0.05)


def test_a_missing_group_column_is_reported_not_recorded() -> None:
    validation, _ = cohort(400, seed=5, bias_rate=0.0)
    test, _ = cohort(400, seed=6, bias_rate=0.0)
    groups = {**test.groups, "disability": None, "sex": [None] * 400}
    split = SplitPredictions(test.labels, test.scores, groups=groups, clusters=test.clusters)
    data = EvaluationReport.build(
        validation, split, EvaluationSettings(n_boot=50), score_kinds={"transformer": "logit"}
    ).to_dict()
    for model in data["fairness"].values():
        summary = model["summary"]["not_recorded"]
        assert summary["disability"] == 400 and summary["sex"] == 400
        attributes = model["labels"]["re_referral_12m"]["attributes"]
        assert attributes["disability"]["note"].startswith("not recorded: the data has no")
        assert attributes["sex"]["recorded"] is False and attributes["sex"]["groups"] == {}
        assert model["method"]["oracle"] is False  # no oracle_model: nothing measured against it


def test_each_splits_recorded_rate_is_set_beside_its_true_risk_only_with_an_oracle(
    built: tuple[EvaluationReport, Path, list[str]],
) -> None:
    from referral_nlp.modeling.eval_summary import summary_markdown

    report, _, _ = built
    data = report.to_dict()
    for name, seed in (("validation", 1), ("test", 2)):
        split, _ = cohort(3000, seed=seed, bias_rate=0.2)
        for label in LABELS:
            true = float(np.mean(split.scores["oracle"][label]))
            recorded = float(np.mean(split.labels[label]))
            assert data["data"][name]["oracle_mean"][label] == pytest.approx(true)
            assert recorded > true + 0.01  # the recording bias: outcomes above true risk
    text = summary_markdown(data)
    lines = [line for line in text.splitlines() if line.startswith("Recorded outcome rate")]
    assert len(lines) == len(LABELS)
    label = LABELS[0]
    gaps = []
    for name in ("validation", "test"):
        split = data["data"][name]
        recorded = round(100 * split["prevalence"][label], 1)
        true = round(100 * split["oracle_mean"][label], 1)
        gaps.append(recorded - true)
        assert f"{name} {recorded:.1f}% against {true:.1f}% ({gaps[-1]:+.1f} points)" in lines[0]
    assert f"off on average by about {gaps[0] - gaps[1]:+.1f} points" in lines[0]

    validation, _ = cohort(600, seed=3, bias_rate=0.0)
    test, _ = cohort(600, seed=4, bias_rate=0.0)
    plain = EvaluationReport.build(
        validation, test, EvaluationSettings(n_boot=0), score_kinds={"transformer": "logit"}
    ).to_dict()
    assert "oracle_mean" not in plain["data"]["validation"]
    assert "Recorded outcome rate" not in summary_markdown(plain)
