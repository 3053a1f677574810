"""Labels fitted in one regression that shares most of their weights (feature augmentation)."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
from eval_cases import make_toy_records
from scipy import sparse
from sklearn.metrics import roc_auc_score

from referral_nlp.classification_metrics import auroc
from referral_nlp.data.schema import LABELS
from referral_nlp.modeling.baseline_parity import ngram_part, ngram_recipe, shares_label_weights
from referral_nlp.modeling.baselines import (
    StructuredLogisticBaseline,
    TfidfLogisticBaseline,
    baseline_from_dict,
)
from referral_nlp.modeling.shared_weights import augment, fit_shared, split_weights


@pytest.mark.parametrize("as_sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("n_labels", [2, 3])
def test_augmented_rows_score_as_the_split_weights_do(as_sparse, n_labels):
    # What the stacked regression computes for a label's rows must be what the label's own
    # weights compute on the plain features: that is what lets a shared fit ship as plain heads.
    rng = np.random.default_rng(0)
    d, scale = 7, 0.5
    x = rng.normal(size=(5, d))
    coef = rng.normal(size=d + (n_labels - 1) + n_labels * d)
    intercept = 0.3
    per_label = split_weights(coef, intercept, d, n_labels, scale)
    for j, (weights, bias) in enumerate(per_label):
        rows = augment(sparse.csr_matrix(x) if as_sparse else x, j, n_labels, scale)
        assert rows.shape == (5, len(coef))
        stacked = np.asarray(rows @ coef).reshape(-1) + intercept
        assert np.allclose(stacked, x @ weights + bias)


def _nested(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A common label and a rare one nested in it, both driven by the same few features."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 120))
    signal = x[:, :6] @ np.array([1.2, -1.0, 0.9, 0.8, -0.7, 0.6])
    common = rng.random(n) < 1 / (1 + np.exp(-(signal - 0.8)))
    rare = common & (rng.random(n) < 1 / (1 + np.exp(-(signal - 3.0))))
    return x, common.astype(int), rare.astype(int)


def test_a_rare_nested_label_borrows_the_common_labels_evidence():
    x, common, rare = _nested(500, seed=1)
    x_test, _, rare_test = _nested(4000, seed=2)
    rows = np.arange(len(x))
    shared = fit_shared(x, [(rows, common), (rows, rare)], 1.0, seed=0, max_iter=2000)
    from sklearn.linear_model import LogisticRegression

    alone = LogisticRegression(C=1.0, max_iter=2000).fit(x, rare)
    shared_auroc = roc_auc_score(rare_test, x_test @ shared[1][0] + shared[1][1])
    alone_auroc = roc_auc_score(rare_test, alone.decision_function(x_test))
    assert rare.sum() < 80  # few positives: the setting the shared fit is for
    assert shared_auroc > alone_auroc + 0.01


def test_scale_zero_gives_every_label_the_same_weights_and_its_own_intercept():
    x, common, rare = _nested(400, seed=3)
    rows = np.arange(len(x))
    (w0, b0), (w1, b1) = fit_shared(
        x, [(rows, common), (rows, rare)], 1.0, seed=0, max_iter=2000, specific_scale=0.0
    )
    assert np.allclose(w0, w1)
    assert b1 < b0 - 0.5  # the rare label's base rate is far lower


def test_fit_shared_refuses_one_label_and_a_negative_scale():
    x = np.zeros((4, 2))
    rows, y = np.arange(4), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="at least two labels"):
        fit_shared(x, [(rows, y)], 1.0, seed=0, max_iter=10)
    with pytest.raises(ValueError, match="specific_scale"):
        fit_shared(x, [(rows, y), (rows, y)], 1.0, seed=0, max_iter=10, specific_scale=-1)


@pytest.fixture(scope="module")
def toy() -> dict[str, list[dict]]:
    records = make_toy_records(700, seed=3)
    return {"train": records[:400], "validation": records[400:500], "test": records[500:]}


@pytest.mark.parametrize("cls", [StructuredLogisticBaseline, TfidfLogisticBaseline])
def test_validation_picks_per_label_among_shared_and_own_fits_and_saves_plain_heads(
    toy, cls, caplog
):
    grid = (0.3, 3.0)
    with caplog.at_level(logging.INFO, logger="referral_nlp.modeling.baselines"):
        model = cls(c_grid=grid, share_labels=True).fit(toy["train"], toy["validation"])
    for label in LABELS:  # every candidate was scored on validation: 2 shared, 2 own
        line = next(x for x in caplog.messages if x.startswith(f"{model.name} / {label}:"))
        scored = line[line.index("(") + 1 : line.rindex(")")].split(", ")
        names = sorted(entry.split(":")[0] for entry in scored)
        assert names == ["C=0.3", "C=3", "shared C=0.3", "shared C=3"]
        assert line.split(": ", 1)[1].split(" chosen")[0] == model.heads[label].describe()
    assert all(head.C in grid for head in model.heads.values())
    data = json.loads(json.dumps(model.to_dict()))
    assert data["share_labels"] is True
    again = baseline_from_dict(data)
    assert again.share_labels is True
    assert {lb: h.shared for lb, h in again.heads.items()} == {
        lb: h.shared for lb, h in model.heads.items()
    }
    p, q = model.predict_proba(toy["test"]), again.predict_proba(toy["test"])
    assert all(np.array_equal(p[label], q[label]) for label in LABELS)


def _baseline_records(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> list[dict]:
    """Records whose one structured field carries the signal (previous referrals, binned)."""
    return [
        {"text": "note", "previous_referrals": int(v), "re_referral_12m": int(ya),
         "escalation_12m": int(yb)}
        for v, ya, yb in zip(x, a, b, strict=True)
    ]  # fmt: skip


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_validation_keeps_each_labels_own_fit_where_sharing_would_hurt(seed):
    # Labels driven opposite ways by the same feature: the shared fit would pull the rarer
    # label's weight towards the wrong sign, and validation must keep the label's own fit.
    # (Where sharing helps, a rare label nested in a common one, see the fit_shared tests.)
    rng = np.random.default_rng(seed)

    def draw(n):
        v = rng.integers(0, 6, size=n)
        a = rng.random(n) < 1 / (1 + np.exp(-(v - 2.5)))
        b = rng.random(n) < 1 / (1 + np.exp(-(-(v - 2.5) - 2.0)))
        return _baseline_records(v, a, b)

    model = StructuredLogisticBaseline(
        structured_fields=("previous_referrals",), c_grid=(0.1, 1.0), share_labels=True
    ).fit(draw(600), validation=draw(600))
    assert not model.heads["escalation_12m"].shared


def test_a_shared_baseline_still_orders_the_toy_signal(toy):
    model = TfidfLogisticBaseline(share_labels=True).fit(toy["train"], toy["validation"])
    for label in LABELS:
        y = np.array([r[label] for r in toy["test"]])
        assert auroc(y, model.predict_proba(toy["test"])[label]) > 0.6


def test_a_one_class_label_leaves_the_other_fitted_alone(toy, caplog):
    train = [{**r, "escalation_12m": 0} for r in toy["train"]]
    with caplog.at_level(logging.INFO, logger="referral_nlp.modeling.baselines"):
        shared = StructuredLogisticBaseline(share_labels=True).fit(train)
    alone = StructuredLogisticBaseline().fit(train)
    assert "one class only" in caplog.text
    assert "labels sharing weights" not in caplog.text
    assert not any(head.shared for head in shared.heads.values())
    assert np.allclose(shared.heads["re_referral_12m"].coef, alone.heads["re_referral_12m"].coef)


def test_without_validation_a_shared_baseline_takes_the_shared_fit(toy, caplog):
    with caplog.at_level(logging.INFO, logger="referral_nlp.modeling.baselines"):
        model = TfidfLogisticBaseline(share_labels=True).fit(toy["train"])
    assert all(head.shared for head in model.heads.values())
    assert "labels sharing weights for re_referral_12m, escalation_12m" in caplog.text


def test_a_file_saved_before_sharing_loads_as_not_shared(toy):
    data = TfidfLogisticBaseline().fit(toy["train"]).to_dict()
    del data["share_labels"]
    assert baseline_from_dict(data).share_labels is False


def _artefact(tmp_path, component: TfidfLogisticBaseline | None):
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    if component is not None:
        (model_dir / "ngram_component.json").write_text(json.dumps(component.to_dict()))
    return model_dir


@pytest.mark.parametrize("share", [True, False])
def test_the_baselines_share_weights_exactly_when_the_models_ngram_part_did(tmp_path, toy, share):
    component = TfidfLogisticBaseline(share_labels=share).fit(toy["train"])
    part = ngram_part(_artefact(tmp_path, component))
    assert shares_label_weights(tmp_path / "model", part) is share
    assert ngram_recipe(part, ("text",))["share_labels"] is share


def test_an_artefact_without_an_ngram_part_shares_nothing_and_no_model_gets_the_default(
    tmp_path,
):
    from referral_nlp.modeling.training.config import TrainingConfig

    model_dir = _artefact(tmp_path, None)
    assert shares_label_weights(model_dir, ngram_part(model_dir)) is False
    assert shares_label_weights(None, None) is TrainingConfig.share_label_weights


@pytest.mark.parametrize("c", [0.001, 1.0])
def test_each_label_keeps_its_own_base_rate_whatever_the_penalty(c):
    # The gap between the labels' base rates is a penalised weight in the stacked regression; a
    # strong penalty must not pull the rare label's predictions towards the common one's rate.
    x, common, rare = _nested(3000, seed=5)
    rows = np.arange(len(x))
    fits = fit_shared(x, [(rows, common), (rows, rare)], c, seed=0, max_iter=2000)
    for (weights, intercept), y in zip(fits, (common, rare), strict=True):
        predicted = 1 / (1 + np.exp(-(x @ weights + intercept)))
        assert predicted.mean() == pytest.approx(y.mean(), abs=1e-6)


def test_one_c_and_validation_still_choose_between_shared_and_own_fits(toy, caplog):
    with caplog.at_level(logging.INFO, logger="referral_nlp.modeling.baselines"):
        TfidfLogisticBaseline(c_grid=(1.0,), share_labels=True).fit(
            toy["train"], validation=toy["validation"]
        )
    assert sum("chosen by validation log loss (" in m for m in caplog.messages) == len(LABELS)


def test_a_one_outcome_validation_split_is_said_not_silently_skipped(toy, caplog):
    validation = [{**r, "escalation_12m": 0} for r in toy["validation"]]
    with caplog.at_level(logging.WARNING, logger="referral_nlp.modeling.baselines"):
        model = TfidfLogisticBaseline(share_labels=True).fit(toy["train"], validation=validation)
    assert "escalation_12m: validation holds one outcome only" in caplog.text
    assert model.heads["escalation_12m"].shared  # the first candidate, as the log says
