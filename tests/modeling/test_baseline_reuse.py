"""A saved fit is taken instead of refitted only when it read the same settings and records.

``tfidf_lr`` at evaluation is the model's n-gram part refitted on the same records; taking the
part's heads saves the refit (a minute and a half of the main job), and must give exactly the
numbers a refit would, and never be taken for a fit of anything else.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from eval_cases import build_artifact, make_toy_records

from referral_nlp.modeling import baselines
from referral_nlp.modeling.baselines import (
    StructuredLogisticBaseline,
    TfidfLogisticBaseline,
    baseline_from_dict,
)

GRID = (0.3, 1.0, 3.0)


@pytest.fixture(scope="module")
def toy() -> dict[str, list[dict]]:
    records = make_toy_records(600, seed=11)
    return {"train": records[:360], "validation": records[360:460], "test": records[460:]}


@pytest.fixture(scope="module")
def saved(toy) -> TfidfLogisticBaseline:
    """The n-gram part as an artefact holds it: fitted, then through JSON."""
    part = TfidfLogisticBaseline(c_grid=GRID, share_labels=True)
    part.fit(toy["train"], toy["validation"])
    return baseline_from_dict(json.loads(json.dumps(part.to_dict())))


@pytest.fixture
def refits(monkeypatch) -> list[str]:
    """The baselines whose heads were computed (not taken), by name."""
    calls: list[str] = []
    original = baselines._Baseline._fit_candidates

    def spy(self, x, fittable):
        calls.append(self.name)
        return original(self, x, fittable)

    monkeypatch.setattr(baselines._Baseline, "_fit_candidates", spy)
    return calls


def test_the_same_settings_and_records_take_the_saved_heads_and_score_as_a_refit(
    toy, saved, refits
):
    taken = TfidfLogisticBaseline(c_grid=GRID, share_labels=True, stack_labels=True)
    taken.fit(toy["train"], toy["validation"], reuse=saved)
    assert refits == [] and all(taken.heads[lb] is saved.heads[lb] for lb in saved.heads)
    assert taken.stack is not None  # the blend across labels is still fitted, on validation
    refit = TfidfLogisticBaseline(c_grid=GRID, share_labels=True, stack_labels=True)
    refit.fit(toy["train"], toy["validation"])
    assert refits == ["tfidf_lr"]
    assert taken.fitted_on == refit.fitted_on == saved.fitted_on
    got, want = taken.predict_logits(toy["test"]), refit.predict_logits(toy["test"])
    for label in want:
        np.testing.assert_allclose(got[label], want[label], rtol=1e-9, atol=1e-9)


def _flip_label(split):
    split[0]["re_referral_12m"] = 1 - int(split[0]["re_referral_12m"])


def _age(split):
    split[5]["child_age"] = (split[5]["child_age"] or 0) + 1


def _text(split):
    split[2]["text"] += " Further concerns."


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("train", _flip_label),
        ("train", _age),
        ("train", _text),
        ("train", lambda split: split.reverse()),  # lbfgs sums in record order
        ("train", lambda split: split.pop()),
        ("validation", _flip_label),  # validation chooses C and the shared fits
        ("validation", _text),
    ],
    ids=["train label", "train field", "train text", "order", "one fewer", "val label", "val text"],
)
def test_a_change_to_any_record_the_fit_reads_refits(toy, saved, refits, where, change):
    data = copy.deepcopy({k: toy[k] for k in ("train", "validation")})
    change(data[where])
    TfidfLogisticBaseline(c_grid=GRID, share_labels=True).fit(
        data["train"], data["validation"], reuse=saved
    )
    assert refits == ["tfidf_lr"]


@pytest.mark.parametrize(
    "settings",
    [
        {"c_grid": (1.0,)},
        {"share_labels": False},
        {"min_df": 1},
        {"negation_scope": False},
        {"ngram_range": (1, 2)},
        {"structured_fields": ("child_age",)},
        {"structured_fields": ()},  # none at all, not the default fields
        {"labels": ("re_referral_12m",)},
    ],
    ids=lambda s: next(iter(s)),
)
def test_a_change_to_any_setting_the_fit_reads_refits(toy, saved, refits, settings):
    TfidfLogisticBaseline(**{"c_grid": GRID, "share_labels": True, **settings}).fit(
        toy["train"], toy["validation"], reuse=saved
    )
    assert refits == ["tfidf_lr"]


def test_another_baseline_or_a_file_from_before_digests_is_never_taken(toy, saved, refits):
    structured = StructuredLogisticBaseline(c_grid=GRID, share_labels=True)
    structured.fit(toy["train"], toy["validation"], reuse=saved)
    old = {k: v for k, v in saved.to_dict().items() if k != "fitted_on"}
    TfidfLogisticBaseline(c_grid=GRID, share_labels=True).fit(
        toy["train"], toy["validation"], reuse=baseline_from_dict(old)
    )
    assert refits == ["structured_lr", "tfidf_lr"]


def test_evaluate_takes_the_artefacts_ngram_part_when_it_was_fitted_on_the_same_records(
    tmp_path, tokenizer, tiny_encoder_config
):
    """End to end: the report's tfidf_lr row is the same whether taken or refitted."""
    from eval_cases import write_splits

    from referral_nlp.artifacts import NGRAM_NAME, write_manifest
    from referral_nlp.evaluation.settings import EvaluationSettings
    from referral_nlp.modeling.evaluate import evaluate_run

    data_dir = write_splits(make_toy_records(250, seed=5), tmp_path / "data")
    splits = {
        name: [json.loads(line) for line in (data_dir / f"{name}.jsonl").read_text().splitlines()]
        for name in ("train", "validation")
    }

    def redact(texts: list[str]) -> list[str]:
        return [t.replace("Sarah JONES", "<PERSON>") for t in texts]

    for records in splits.values():
        for record, text in zip(records, redact([r["text"] for r in records]), strict=True):
            record["text"] = text
    model_dir = build_artifact(tmp_path / "m", tokenizer, tiny_encoder_config, splits["train"])
    part = TfidfLogisticBaseline(c_grid=(1.0,), share_labels=True)
    part.fit(splits["train"], splits["validation"])
    rows = {}
    unknown = {**part.to_dict(), "fitted_on": None}  # as a file from before the digest
    for case, data in (("taken", part.to_dict()), ("refitted", unknown)):
        (model_dir / NGRAM_NAME).write_text(json.dumps(data))
        write_manifest(model_dir)
        report = evaluate_run(
            data_dir, model_dir, tmp_path / case, EvaluationSettings(n_boot=20), redact=redact,
            c_grid=(1.0,), frozen_baseline=False, plots=False, progress=False,
        )  # fmt: skip
        out = report.to_dict()
        rows[case] = (
            out["data"]["description"]["tfidf_lr_is_model_ngram_part"],
            out["models"]["tfidf_lr"]["re_referral_12m"]["metrics"]["uncalibrated"]["auroc"][
                "value"
            ],
        )
    assert rows["taken"][0] is True and rows["refitted"][0] is False
    assert rows["taken"][1] == pytest.approx(rows["refitted"][1], abs=1e-12)


def test_values_the_fit_reads_differently_never_hash_alike(toy, refits):
    """A float32 age and its string (as a CSV gives it) are different inputs to the encoder."""
    typed = {}
    for kind, convert in (("text", lambda a: str(float(a))), ("float32", np.float32)):
        typed[kind] = copy.deepcopy({k: toy[k] for k in ("train", "validation")})
        for record in typed[kind]["train"]:
            if record.get("child_age") is not None:
                record["child_age"] = convert(record["child_age"])
    part = TfidfLogisticBaseline(c_grid=GRID).fit(
        typed["text"]["train"], typed["text"]["validation"]
    )
    TfidfLogisticBaseline(c_grid=GRID).fit(
        typed["float32"]["train"], typed["float32"]["validation"], reuse=part
    )
    assert refits == ["tfidf_lr", "tfidf_lr"]


def test_a_fit_by_other_code_is_never_taken(toy, saved, refits, monkeypatch):
    from referral_nlp.modeling import fit_digest

    monkeypatch.setattr(fit_digest, "_fit_code_digest", lambda: "another version")
    TfidfLogisticBaseline(c_grid=GRID, share_labels=True).fit(
        toy["train"], toy["validation"], reuse=saved
    )
    assert refits == ["tfidf_lr"]


def test_every_module_the_fit_reads_is_in_the_code_digest():
    """A module the fitting code imports and that is not hashed would let a saved fit from
    other code pass for this code's: each import of a hashed module is hashed itself, or is
    one of the few that cannot change a fitted number."""
    import grimp

    from referral_nlp.modeling.fit_digest import FIT_SOURCES

    graph = grimp.build_graph("referral_nlp", exclude_type_checking_imports=True)
    hashed = {"referral_nlp." + s.removesuffix(".py").replace("/", ".") for s in FIT_SOURCES}
    # errors and io raise and write; blend is refitted on every reuse; fit_digest is the hash.
    inert = {
        "referral_nlp.errors",
        "referral_nlp.io",
        "referral_nlp.modeling.blend",
        "referral_nlp.modeling.fit_digest",
    }
    unhashed = {
        (module, imported)
        for module in hashed
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("referral_nlp") and imported not in hashed | inert
    }
    assert unhashed == set()
