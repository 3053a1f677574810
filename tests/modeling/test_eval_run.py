"""evaluate_run: every model and the oracle in one eval.json, redaction first, bias flagged."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from eval_cases import PII_LINE, build_artifact, make_toy_records, write_splits

from referral_nlp.data.splits import LeakageError
from referral_nlp.evaluation.report import read_eval_json
from referral_nlp.evaluation.settings import EvaluationSettings
from referral_nlp.modeling.evaluate import (
    GROUP_ATTRIBUTES,
    MODEL_NAMES,
    evaluate_run,
    group_columns,
    oracle_gap_closed,
    oracle_scores,
    redact_records,
)

FAST = EvaluationSettings(n_boot=20)
N_TOY = 250


def fake_redact(texts: list[str]) -> list[str]:
    """Stands in for the Redactor where a test is about something else (much faster)."""
    return [re.sub(r"Sarah JONES|07700 900123", "<REDACTED>", t) for t in texts]


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory) -> Path:
    records = make_toy_records(N_TOY, seed=5)
    return write_splits(records, tmp_path_factory.mktemp("toy") / "data")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer, tiny_encoder_config, toy_dir) -> Path:
    train = [json.loads(line) for line in (toy_dir / "train.jsonl").read_text().splitlines()]
    directory = tmp_path_factory.mktemp("eval-model") / "model"
    return build_artifact(directory, tokenizer, tiny_encoder_config, train)


@pytest.fixture(scope="module")
def full_run(tmp_path_factory, toy_dir, model_dir, redactor):
    """One complete run with the real Redactor and the plots."""
    out = tmp_path_factory.mktemp("eval-out")
    report = evaluate_run(toy_dir, model_dir, out, FAST, redactor=redactor, progress=False)
    return out, report


def test_eval_json_has_every_model_and_the_oracle(full_run):
    out, _ = full_run
    data = read_eval_json(out / "eval.json")
    assert data["data"]["models"] == list(MODEL_NAMES)
    assert data["data"]["labels"] == ["re_referral_12m", "escalation_12m"]
    assert data["data"]["group_attributes"] == list(GROUP_ATTRIBUTES)
    assert data["data"]["test"]["n_clusters"] == data["data"]["test"]["n"]
    assert data["data"]["description"]["dataset"].startswith("synthetic")
    assert data["data"]["description"]["model_version"].startswith("sha256:")
    # this artefact has no blend (its transformer alone), so the baselines are not blended
    assert data["data"]["description"]["baselines_blend_across_labels"] is False
    for model in MODEL_NAMES:
        for label in data["data"]["labels"]:
            metrics = data["models"][model][label]["metrics"]
            for kind in ("uncalibrated", "calibrated"):
                assert set(metrics[kind]) == {"auroc", "average_precision", "brier", "ece"}
            assert metrics["calibrated"]["auroc"]["low"] is not None  # bootstrap CI
            assert set(data["operating_points"][model][label]) == {"precision_65", "top_10pct"}
            fairness = data["fairness"][model]["labels"][label]["attributes"]
            assert set(fairness) == set(GROUP_ATTRIBUTES)
    part = data["models"]["transformer_part"]["re_referral_12m"]
    assert part["calibration"]["params"]["kind"] == "logit"


def test_plots_and_summary_are_written(full_run):
    out, _ = full_run
    data = read_eval_json(out / "eval.json")
    paths = [data["plots"]["roc"]["re_referral_12m"], data["plots"]["pr"]["escalation_12m"]]
    paths += [data["plots"]["calibration"][m]["re_referral_12m"] for m in MODEL_NAMES]
    for rel in paths:
        assert (out / rel).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = (out / "eval.md").read_text(encoding="utf-8")
    assert "## re_referral_12m" in summary and "## escalation_12m" in summary
    for model in MODEL_NAMES:
        assert f"| {model} |" in summary
    assert "AUROC [95% CI]" in summary and "precision_65: precision / recall" in summary
    assert "of the AUROC gap from chance (0.5) to the generator's oracle" in summary
    # The fairness part is in the report too, not only in eval.json and the card.
    fairness = summary[summary.index("## Fairness (per group, test split)") :]
    assert "never flagged" in fairness and "| model | flags | not enough data |" in fairness
    assert "### escalation_12m: the shipped model by group" in fairness
    assert "| age_band=" in fairness and "outcome - score [CI]" in fairness


def test_a_characteristic_not_recorded_is_said_in_the_report(full_run):
    from referral_nlp.modeling.eval_summary import fairness_lines

    out, _ = full_run
    data = read_eval_json(out / "eval.json")
    attributes = data["fairness"]["model"]["labels"]["re_referral_12m"]["attributes"]
    attributes["ethnicity"] = {"recorded": False, "n_not_recorded": 123, "groups": {}}
    assert "| ethnicity: not recorded | 123 |" in "\n".join(fairness_lines(data))


def test_no_personal_data_or_ids_in_the_outputs(full_run, toy_dir):
    out, _ = full_run
    texts = [(out / "eval.json").read_text(), (out / "eval.md").read_text()]
    for text in texts:
        assert "JONES" not in text and "07700 900123" not in text
        assert "R00001" not in text and "F00001" not in text  # no record or family ids


def test_models_see_only_redacted_text(toy_dir, model_dir, tmp_path, monkeypatch):
    from referral_nlp.modeling import baselines
    from referral_nlp.modeling.predict import RiskPredictor

    seen: list[str] = []
    original_logits = RiskPredictor.predict_logits
    original_fit = baselines._Baseline.fit

    def spy_logits(self, records):
        seen.extend(r["text"] for r in records)
        return original_logits(self, records)

    def spy_fit(self, records, validation=None, **kwargs):
        seen.extend(r["text"] for r in records)
        return original_fit(self, records, validation, **kwargs)

    monkeypatch.setattr(RiskPredictor, "predict_logits", spy_logits)
    monkeypatch.setattr(baselines._Baseline, "fit", spy_fit)
    calls: list[int] = []

    def redact(texts):
        calls.append(len(texts))
        return fake_redact(texts)

    evaluate_run(toy_dir, model_dir, tmp_path, FAST, redact=redact, progress=False, plots=False)
    assert sum(calls) == N_TOY  # every note of every split, once
    assert seen and all("<REDACTED>" in t and "JONES" not in t for t in seen)


def test_a_redaction_failure_stops_the_run_before_any_scoring(toy_dir, model_dir, tmp_path):
    def broken(texts):
        raise RuntimeError("redaction failed")

    with pytest.raises(RuntimeError, match="redaction failed"):
        evaluate_run(toy_dir, model_dir, tmp_path, FAST, redact=broken, progress=False)
    assert not (tmp_path / "eval.json").exists()


def test_recording_bias_flags_the_biased_group_for_every_model(
    tmp_path, tokenizer, tiny_encoder_config
):
    # 2,000 records (about 160 in the biased test group): main's TF-IDF baseline also reads the
    # structured fields and learns part of the extra recording, which splits the effect between
    # its calibration gap and its error against the truth; at 1,000 (77 cases) neither cleared
    # the Holm correction over its ~200 comparisons.
    records = make_toy_records(2000, seed=0, bias_group=("ethnicity", "black"), bias_rate=0.5)
    data_dir = write_splits(records, tmp_path / "data", (0.5, 0.2))
    model = build_artifact(tmp_path / "model", tokenizer, tiny_encoder_config, records[:500])
    report = evaluate_run(
        data_dir,
        model,
        tmp_path / "out",
        EvaluationSettings(n_boot=200),
        redact=fake_redact,
        progress=False,
        plots=False,
    )
    for name in MODEL_NAMES:
        flags = [
            f
            for f in report.flags
            if f["kind"] == "fairness"
            and f["model"] == name
            and f["label"] == "re_referral_12m"
            and (f["attribute"], f["group"]) == ("ethnicity", "black")
        ]
        assert len(flags) == 1, name
        assert "more often than the underlying risk explains" in flags[0]["message"], name


def test_without_an_oracle_the_report_has_no_oracle_and_no_gap(toy_dir, tmp_path):
    records = make_toy_records(300, seed=2, oracle=False)
    data_dir = write_splits(records, tmp_path / "data")
    report = evaluate_run(
        data_dir, None, tmp_path / "out", FAST, redact=fake_redact, progress=False, plots=False,
        frozen_baseline=False,
    )  # fmt: skip
    data = report.to_dict()
    assert data["data"]["models"] == ["structured_lr", "tfidf_lr"]
    assert data["data"]["description"]["dataset"].startswith("supplied")
    assert oracle_gap_closed(data) == {}
    assert "gap closed" not in (tmp_path / "out" / "eval.md").read_text()


def test_the_ablation_says_when_the_model_has_no_ngram_part_or_tfidf_lr_is_not_it(full_run):
    import copy

    from referral_nlp.modeling.eval_summary import summary_markdown

    _, report = full_run
    data = report.to_dict()
    assert data["data"]["description"]["model_ngram_part"] in (True, False)
    cases = (
        (True, True, "Without the transformer it is `tfidf_lr`"),
        (True, False, "not the model's own n-gram part"),
        (False, False, "no n-gram part"),
    )
    for has_part, is_part, expected in cases:
        variant = copy.deepcopy(data)
        variant["data"]["description"]["model_ngram_part"] = has_part
        variant["data"]["description"]["tfidf_lr_is_model_ngram_part"] = is_part
        text = summary_markdown(variant)
        ablation = [line for line in text.splitlines() if line.startswith("Ablation:")]
        assert ablation and all(expected in line for line in ablation), (has_part, is_part)


def test_the_frozen_baseline_encodes_on_the_evaluation_device(toy_dir, tmp_path, monkeypatch):
    # `evaluate --device cuda` must reach the frozen encoder too: a large corpus's hundreds of
    # thousands of distinct sentences take many minutes on a few CPU cores, seconds on a GPU.
    import referral_nlp.modeling.evaluate as evaluate

    seen = {}

    class Stop(Exception):
        pass

    def spy(*args, **kwargs):
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(evaluate, "frozen_embedding_baseline", spy)
    with pytest.raises(Stop):
        evaluate_run(
            toy_dir, None, tmp_path / "out", FAST, redact=fake_redact, progress=False,
            plots=False, c_grid=(1.0,), device="cuda:3",
        )  # fmt: skip
    assert seen["device"] == "cuda:3"


def test_leaking_splits_are_refused(tmp_path):
    records = make_toy_records(200, seed=1)
    data_dir = write_splits(records, tmp_path / "data")
    test = (data_dir / "test.jsonl").read_text().splitlines()
    train_first = json.loads((data_dir / "train.jsonl").read_text().splitlines()[0])
    leaked = json.loads(test[0]) | {"family_id": train_first["family_id"]}
    (data_dir / "test.jsonl").write_text("\n".join([json.dumps(leaked), *test[1:]]) + "\n")
    with pytest.raises(LeakageError, match="families"):
        evaluate_run(data_dir, None, tmp_path / "out", FAST, redact=fake_redact, progress=False)


def test_baselines_blend_across_labels_exactly_when_the_model_does(tmp_path):
    from referral_nlp.artifacts import BLEND_NAME
    from referral_nlp.modeling.baseline_parity import blends_across_labels
    from referral_nlp.modeling.hybrid import Blend

    labels = ("re_referral_12m", "escalation_12m")
    rng = np.random.default_rng(0)
    blends = {
        "across": Blend.fit(labels, (rng.random((80, 2)) < 0.4).astype(float),
                            {"ngram": rng.normal(size=(80, 2))}),
        "own": Blend.own_label({label: (0.5, 1.0, 0.0) for label in labels}),
    }  # fmt: skip
    for name, blend in blends.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / BLEND_NAME).write_text(json.dumps(blend.to_dict()))
    assert blends_across_labels(tmp_path / "across") is True
    assert blends_across_labels(tmp_path / "own") is False
    assert blends_across_labels(tmp_path) is False  # no blend.json: the transformer alone
    assert blends_across_labels(None) is True  # baselines alone: the training default


def test_a_cross_label_model_gets_baselines_and_ablation_blended_the_same_way(
    toy_dir, tmp_path, tokenizer, tiny_encoder_config, monkeypatch
):
    from referral_nlp.artifacts import BLEND_NAME, write_manifest
    from referral_nlp.modeling import evaluate as evaluate_module
    from referral_nlp.modeling.hybrid import Blend

    train = [json.loads(line) for line in (toy_dir / "train.jsonl").read_text().splitlines()]
    across = build_artifact(tmp_path / "across", tokenizer, tiny_encoder_config, train, ngram=True)
    own = tmp_path / "own"
    shutil.copytree(across, own)
    labels = ("re_referral_12m", "escalation_12m")
    own_blend = Blend.own_label({label: (0.5, 1.0, -0.1) for label in labels})
    (own / BLEND_NAME).write_text(json.dumps(own_blend.to_dict()))
    write_manifest(own)
    blended_parts: list[str] = []
    original = evaluate_module.blend_across_labels

    def spy(name, *args):
        blended_parts.append(name)
        return original(name, *args)

    monkeypatch.setattr(evaluate_module, "blend_across_labels", spy)
    flags, parts = {}, {}
    for name, directory in (("across", across), ("own", own)):
        blended_parts.clear()
        out = tmp_path / f"out-{name}"
        evaluate_run(
            toy_dir, directory, out, FAST, redact=fake_redact, frozen_baseline=False,
            plots=False, progress=False,
        )  # fmt: skip
        flags[name] = read_eval_json(out / "eval.json")["data"]["description"][
            "baselines_blend_across_labels"
        ]
        parts[name] = list(blended_parts)
    assert flags == {"across": True, "own": False}
    assert parts == {"across": ["transformer_part"], "own": []}


def test_blend_across_labels_refits_a_parts_logits_on_validation():
    from referral_nlp.modeling.baseline_parity import blend_across_labels

    rng = np.random.default_rng(4)
    labels = ("re_referral_12m", "escalation_12m")
    logits = {split: rng.normal(size=(400, 2)) for split in ("validation", "test")}
    # The first label follows the second label's logit only: the blend must learn that.
    y_val = {
        labels[0]: (rng.random(400) < 1 / (1 + np.exp(-2 * logits["validation"][:, 1]))).astype(
            int
        ),
        labels[1]: (rng.random(400) < 0.5).astype(int),
    }
    scores = {
        split: {"part": {label: logits[split][:, j] for j, label in enumerate(labels)}}
        for split in logits
    }
    blend_across_labels("part", labels, y_val, scores["validation"], scores["test"])
    blended = scores["test"]["part"][labels[0]]
    assert np.corrcoef(blended, logits["test"][:, 1])[0, 1] > 0.95
    assert abs(np.corrcoef(blended, logits["test"][:, 0])[0, 1]) < 0.3


def test_tfidf_lr_takes_the_artefacts_ngram_recipe(tmp_path):
    from referral_nlp.artifacts import NGRAM_NAME
    from referral_nlp.errors import UserError
    from referral_nlp.modeling.baseline_parity import ngram_part, ngram_recipe
    from referral_nlp.modeling.baselines import TfidfLogisticBaseline

    records = make_toy_records(120, seed=2)
    component = TfidfLogisticBaseline(
        ngram_range=(1, 2), negation_scope=False, structured_fields=("child_age",)
    ).fit(records)
    (tmp_path / NGRAM_NAME).write_text(json.dumps(component.to_dict()))
    recipe = ngram_recipe(ngram_part(tmp_path), ("text",))
    assert recipe["ngram_range"] == (1, 2) and recipe["negation_scope"] is False
    assert recipe["structured_fields"] == ("child_age",)
    assert ngram_part(None) is None
    assert ngram_recipe(None, ("text",)) == {"text_fields": ("text",)}
    (tmp_path / NGRAM_NAME).write_text(json.dumps({"format": "referral-nlp-baseline"}))
    with pytest.raises(UserError, match=r"malformed n-gram component \(UserError\)"):
        ngram_part(tmp_path)
    (tmp_path / NGRAM_NAME).write_text(
        json.dumps({k: v for k, v in component.to_dict().items() if k != "heads"})
    )
    with pytest.raises(UserError, match=r"malformed n-gram component \(KeyError\)"):
        ngram_part(tmp_path)


def test_helpers():
    records = make_toy_records(5, seed=0)
    records[0]["child_age"] = None
    groups = group_columns(records)
    assert set(groups) == set(GROUP_ATTRIBUTES)
    assert groups["age_band"][0] == "not recorded"
    assert all(code.startswith("Q") for code in groups["deprivation_quintile"])
    assert set(oracle_scores(records)) == {"re_referral_12m", "escalation_12m"}
    records[1]["oracle_escalation"] = None
    assert oracle_scores(records) is None
    redacted = redact_records([{"text": PII_LINE, "assessment_text": None}], fake_redact)
    assert redacted[0]["text"] == "Contact <REDACTED> on <REDACTED>."
    assert np.all(redacted[0]["assessment_text"] is None)


def test_evaluate_cli_redacts_through_the_training_cache(
    model_dir, tmp_path, monkeypatch, redactor, capsys
):
    import referral_nlp.redaction
    from referral_nlp.cli import main

    monkeypatch.setattr(referral_nlp.redaction, "Redactor", lambda *a, **k: redactor)
    monkeypatch.chdir(tmp_path)  # the redaction cache goes to ./runs/redaction-cache
    toy_dir = write_splits(make_toy_records(150, seed=8), tmp_path / "data")
    out = tmp_path / "report"
    argv = ["evaluate", "--data-dir", str(toy_dir), "--model", str(model_dir), "--out", str(out)]
    flags = ["--n-boot", "10", "--no-progress", "--no-plots", "--no-frozen-baseline"]
    assert main([*argv, *flags]) == 0
    captured = capsys.readouterr()
    assert "| model |" in captured.out and "| transformer_part |" in captured.out
    assert read_eval_json(out / "eval.json")["settings"]["n_boot"] == 10
    cached = sorted(p.name.split("-")[0] for p in (tmp_path / "runs" / "redaction-cache").iterdir())
    assert cached == ["test", "train", "validation"]
    assert not any("JONES" in p.read_text() for p in (tmp_path / "runs").rglob("*.jsonl"))

    missing = ["evaluate", "--data-dir", str(toy_dir), "--out", str(tmp_path / "x")]
    monkeypatch.delenv("REFERRAL_NLP_MODEL_DIR", raising=False)
    assert main(missing) == 2
    assert "no default model" in capsys.readouterr().err


def test_trainer_predictions_replace_scoring_and_train_subset_follows_the_model(
    toy_dir, model_dir, tmp_path
):
    from referral_nlp.modeling.evaluate import read_trainer_predictions

    preds = _trainer_predictions(toy_dir, model_dir, tmp_path)
    report = evaluate_run(
        toy_dir,
        model_dir,
        tmp_path / "out",
        FAST,
        redact=fake_redact,
        predictions_dir=preds,
        limit_train=60,
        frozen_baseline=False,
        progress=False,
        plots=False,
    )
    data = report.to_dict()
    assert data["data"]["description"]["model_scores"] == "trainer predictions"
    assert data["data"]["description"]["n_train_baselines"] == 60
    auc = {
        m: data["models"][m]["re_referral_12m"]["metrics"]["uncalibrated"]["auroc"]["value"]
        for m in ("model", "transformer_part", "oracle")
    }
    # ranks are what AUROC reads: a logit, or half of it, ranks as the oracle does
    assert auc["model"] == pytest.approx(auc["oracle"])
    assert auc["transformer_part"] == pytest.approx(auc["oracle"])
    with pytest.raises(ValueError, match="no prediction for 1 of 2"):
        read_trainer_predictions(
            preds, "test", [{"id": "R00249"}, {"id": "nope"}], ["re_referral_12m"]
        )


@pytest.mark.parametrize(
    ("version", "expected"),
    [("sha256:0123456789ab", "written by model sha256:0123456789ab, not by"), (None, "missing")],
    ids=["another model's", "no version"],
)
def test_predictions_another_model_wrote_are_refused(
    toy_dir, model_dir, tmp_path, version, expected
):
    # They would be reported, and carded, under this model's version.
    from referral_nlp.artifacts import PREDICTIONS_MODEL_NAME, ArtifactIntegrityError

    preds = _trainer_predictions(toy_dir, model_dir, tmp_path)
    if version is None:
        (preds / PREDICTIONS_MODEL_NAME).unlink()
    else:
        (preds / PREDICTIONS_MODEL_NAME).write_text(json.dumps({"model_version": version}))
    with pytest.raises(ArtifactIntegrityError, match=expected):
        evaluate_run(
            toy_dir, model_dir, tmp_path / "out", FAST, redact=fake_redact,
            predictions_dir=preds, frozen_baseline=False, progress=False, plots=False,
        )  # fmt: skip
    assert not (tmp_path / "out").exists()


def _trainer_predictions(toy_dir, model_dir, tmp_path) -> Path:
    """A predictions/ folder as training writes it, with the oracle's logits for the model's."""
    from referral_nlp.artifacts import PREDICTIONS_MODEL_NAME, artefact_version

    preds = tmp_path / "predictions"
    preds.mkdir()
    (preds / PREDICTIONS_MODEL_NAME).write_text(
        json.dumps({"model_version": artefact_version(model_dir)})
    )
    for split in ("validation", "test"):
        rows = [json.loads(line) for line in (toy_dir / f"{split}.jsonl").read_text().splitlines()]
        with (preds / f"{split}.jsonl").open("w") as fh:
            for r in reversed(rows):  # order does not matter, ids do
                logit = float(np.log(r["oracle_re_referral"] / (1 - r["oracle_re_referral"])))
                fh.write(
                    json.dumps(
                        {
                            "id": r["id"],
                            "re_referral_12m_logit": logit,
                            "escalation_12m_logit": -logit,
                            "re_referral_12m_transformer_logit": logit / 2,
                            "escalation_12m_transformer_logit": -logit / 2,
                        }
                    )
                    + "\n"
                )
    return preds


@pytest.mark.parametrize(
    ("out", "blocker", "expected"),
    [
        ("a-file", "a-file", "a-file: expected a folder for the outputs, got a file"),
        ("a-file/eval", "a-file", "a-file: expected a folder for the outputs, got a file"),
        ("eval", "eval/plots", "plots: expected a folder this command writes, got a file"),
        ("eval", "eval/eval.json/", "eval.json: expected a file this command writes, got a folder"),
        ("eval", "eval/plots@", "plots: expected a folder this command writes, got a link"),
    ],
)
def test_an_out_dir_that_cannot_take_the_report_is_refused_before_any_work(
    toy_dir, tmp_path, out, blocker, expected, monkeypatch
):
    from referral_nlp.data import loaders
    from referral_nlp.errors import UserError

    def no_work(*args, **kwargs):
        raise AssertionError("the data was loaded before the output folder was checked")

    path = tmp_path / blocker.rstrip("/@")
    path.parent.mkdir(parents=True, exist_ok=True)
    if blocker.endswith("/"):
        path.mkdir()
    elif blocker.endswith("@"):
        (tmp_path / "elsewhere").mkdir()
        path.symlink_to(tmp_path / "elsewhere")
    else:
        path.write_text("not a folder")
    monkeypatch.setattr(loaders, "load_splits_dir", no_work)
    with pytest.raises(UserError, match=re.escape(expected)):
        evaluate_run(toy_dir, None, tmp_path / out, FAST, redact=fake_redact, progress=False)


def test_a_report_that_fails_half_way_leaves_the_last_one_whole(toy_dir, tmp_path, monkeypatch):
    from referral_nlp.evaluation.report import EvaluationReport

    out = tmp_path / "eval"
    out.mkdir()
    (out / "eval.json").write_text("the last report")

    def broken_plot(self, outdir):
        (Path(outdir) / "plots").mkdir()
        (Path(outdir) / "plots" / "half.png").write_bytes(b"")
        raise RuntimeError("a plot failed")

    monkeypatch.setattr(EvaluationReport, "_write_plots", broken_plot)
    with pytest.raises(RuntimeError, match="a plot failed"):
        evaluate_run(
            toy_dir, None, out, FAST, redact=fake_redact, progress=False, frozen_baseline=False,
            limit_train=60,
        )  # fmt: skip
    assert [p.name for p in out.iterdir()] == ["eval.json"]
    assert (out / "eval.json").read_text() == "the last report"


@pytest.mark.parametrize("edited", ["calibration.json", "operating_points.json"])
def test_an_artefact_edited_after_training_is_refused_before_any_score_is_read(
    toy_dir, model_dir, tmp_path, edited
):
    """With the trainer's predictions nothing loads the weights, so nothing else would hash the
    files the report reads: an edited calibration would be reported as the shipped model's."""
    from referral_nlp.artifacts import ArtifactIntegrityError

    copy = tmp_path / "model"
    shutil.copytree(model_dir, copy)
    path = copy / edited
    path.write_text(path.read_text().replace("}", " }", 1))
    with pytest.raises(ArtifactIntegrityError, match=re.escape(edited)):
        evaluate_run(
            toy_dir,
            copy,
            tmp_path / "out",
            FAST,
            redact=fake_redact,
            predictions_dir=tmp_path / "no-predictions-needed",
            frozen_baseline=False,
            progress=False,
            plots=False,
        )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("shared_part", [True, False, None], ids=["shared", "own", "no-model"])
def test_every_baseline_is_offered_shared_weights_exactly_when_the_ngram_part_was(
    toy_dir, tmp_path, tokenizer, tiny_encoder_config, monkeypatch, shared_part
):
    from referral_nlp.artifacts import NGRAM_NAME, write_manifest
    from referral_nlp.modeling import baselines

    model_dir = None
    if shared_part is not None:
        train = [json.loads(line) for line in (toy_dir / "train.jsonl").read_text().splitlines()]
        model_dir = build_artifact(
            tmp_path / "m", tokenizer, tiny_encoder_config, train, ngram=True
        )
        component = json.loads((model_dir / NGRAM_NAME).read_text())
        (model_dir / NGRAM_NAME).write_text(json.dumps({**component, "share_labels": shared_part}))
        write_manifest(model_dir)
    offered: dict[str, bool] = {}
    original = baselines._Baseline._fit_candidates

    def spy(self, x, fittable):
        offered[self.name] = self.share_labels
        return original(self, x, fittable)

    monkeypatch.setattr(baselines._Baseline, "_fit_candidates", spy)
    out = tmp_path / "out"
    evaluate_run(
        toy_dir, model_dir, out, FAST, redact=fake_redact, frozen_baseline=False, plots=False,
        progress=False,
    )  # fmt: skip
    expected = True if shared_part is None else shared_part  # no model: the training default
    assert offered == {"structured_lr": expected, "tfidf_lr": expected}
    description = read_eval_json(out / "eval.json")["data"]["description"]
    assert description["baselines_share_label_weights"] is expected
