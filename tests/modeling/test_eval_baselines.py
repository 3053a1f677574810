"""The baselines: shapes, better than chance on a known signal, JSON round trip, edge cases."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
from eval_cases import make_toy_records

from referral_nlp.classification_metrics import auroc
from referral_nlp.data.schema import LABELS, PROTECTED_FIELDS
from referral_nlp.modeling.baselines import (
    StructuredLogisticBaseline,
    TfidfLogisticBaseline,
    baseline_from_dict,
)


@pytest.fixture(scope="module")
def toy() -> dict[str, list[dict]]:
    records = make_toy_records(700, seed=3)
    return {"train": records[:400], "validation": records[400:500], "test": records[500:]}


@pytest.fixture(scope="module")
def fitted(toy) -> dict[str, object]:
    return {
        "structured": StructuredLogisticBaseline().fit(toy["train"]),
        "tfidf": TfidfLogisticBaseline().fit(toy["train"]),
        "tfidf_stacked": TfidfLogisticBaseline(stack_labels=True).fit(
            toy["train"], validation=toy["validation"]
        ),
    }


@pytest.mark.parametrize("name", ["structured", "tfidf"])
def test_predict_proba_has_one_probability_per_record_and_label(fitted, toy, name):
    out = fitted[name].predict_proba(toy["test"])
    assert set(out) == set(LABELS)
    for p in out.values():
        assert p.shape == (len(toy["test"]),)
        assert np.all((p >= 0) & (p <= 1))
    assert all(v.shape == (0,) for v in fitted[name].predict_proba([]).values())


def test_both_baselines_beat_chance_and_text_beats_structured_on_a_text_signal(fitted, toy):
    y = np.array([r["re_referral_12m"] for r in toy["test"]])
    structured = auroc(y, fitted["structured"].predict_proba(toy["test"])["re_referral_12m"])
    tfidf = auroc(y, fitted["tfidf"].predict_proba(toy["test"])["re_referral_12m"])
    oracle = auroc(y, np.array([r["oracle_re_referral"] for r in toy["test"]]))
    assert structured > 0.56  # previous referrals carry part of the signal
    assert tfidf > 0.65  # the text cues carry most of it
    assert tfidf > structured + 0.05
    assert tfidf > oracle - 0.05  # close to the best any model can do here


def test_structured_baseline_leaves_protected_characteristics_out(fitted):
    for model in fitted.values():
        assert not set(model.encoder.fields) & set(PROTECTED_FIELDS)


@pytest.mark.parametrize("name", ["structured", "tfidf", "tfidf_stacked"])
def test_json_round_trip_gives_identical_predictions(fitted, toy, name):
    model = fitted[name]
    text = json.dumps(model.to_dict())
    again = baseline_from_dict(json.loads(text))
    assert type(again) is type(model)
    for label in LABELS:
        np.testing.assert_allclose(
            again.predict_proba(toy["test"])[label], model.predict_proba(toy["test"])[label]
        )


def test_refitting_a_tfidf_baseline_counts_with_its_new_vocabulary(toy):
    """The n-gram counter is kept between calls; a refit on other notes must not reuse it."""
    other = [{**r, "text": "zebra crossing quokka " + r["text"]} for r in toy["train"]]
    model = TfidfLogisticBaseline()
    model.fit(other)
    model.predict_proba(toy["test"])  # builds the counter for the first vocabulary
    model.fit(toy["train"])
    fresh = TfidfLogisticBaseline().fit(toy["train"])
    assert model.vocabulary == fresh.vocabulary
    for label in LABELS:
        np.testing.assert_array_equal(
            model.predict_proba(toy["test"])[label], fresh.predict_proba(toy["test"])[label]
        )


def test_tfidf_features_match_sklearns_own_vectoriser(fitted, toy):
    """Counting with the kept counter gives sklearn's TfidfVectorizer features exactly."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    model = fitted["tfidf"]
    texts = model._texts(toy["test"])
    model._tfidf(texts)  # a second call reads the kept counter
    ours = model._tfidf(texts).toarray()
    reference = TfidfVectorizer(
        ngram_range=model.ngram_range, vocabulary=model.vocabulary, sublinear_tf=True
    )
    reference.fit(model._texts(toy["train"]))
    reference.idf_ = model.idf
    np.testing.assert_allclose(ours, reference.transform(texts).toarray(), rtol=1e-12)


def _negation_records(n: int = 60) -> list[dict]:
    records = []
    for i in range(n):
        risk = i % 2 == 0
        text = "Bruising seen on the arm at school." if risk else "No bruising seen on the arm."
        records.append({"text": text, "re_referral_12m": int(risk), "escalation_12m": int(risk)})
    return records


def test_tfidf_weighs_a_negated_concern_apart_from_a_named_one():
    records = _negation_records()
    model = TfidfLogisticBaseline(structured_fields=()).fit(records)
    assert "neg_bruising" in model.vocabulary
    x = model._tfidf(model._texts([{"text": "No bruising seen."}]))
    # The negated note carries no weight on the plain word: only its marked twin.
    assert x[0, model.vocabulary["bruising"]] == 0
    assert x[0, model.vocabulary["neg_bruising"]] > 0
    plain = TfidfLogisticBaseline(structured_fields=(), negation_scope=False).fit(records)
    assert "neg_bruising" not in plain.vocabulary


def test_a_saved_tfidf_keeps_its_negation_setting_and_older_files_load_without_it():
    records = _negation_records()
    model = TfidfLogisticBaseline(structured_fields=()).fit(records)
    again = baseline_from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.negation_scope is True
    plain = TfidfLogisticBaseline(structured_fields=(), negation_scope=False).fit(records)
    saved = plain.to_dict()
    del saved["negation_scope"]  # written before the option existed
    older = baseline_from_dict(saved)
    assert older.negation_scope is False
    probe = [{"text": "No bruising seen on the arm."}]
    np.testing.assert_allclose(
        older.predict_proba(probe)["re_referral_12m"], plain.predict_proba(probe)["re_referral_12m"]
    )


def test_stacked_labels_blend_every_labels_logits_fitted_on_validation(fitted, toy):
    stacked, plain = fitted["tfidf_stacked"], fitted["tfidf"]
    assert stacked.stack is not None and stacked.stack.across_labels
    # The heads are the plain baseline's (C fixed); the stack is applied on top of them.
    raw = plain.predict_logits(toy["test"])
    own = np.column_stack([raw[label] for label in LABELS])
    expected = stacked.stack.combine_parts(LABELS, {stacked.name: own})
    out = stacked.predict_logits(toy["test"])
    for j, label in enumerate(LABELS):
        np.testing.assert_allclose(out[label], expected[:, j])
        assert not np.allclose(out[label], raw[label])
    np.testing.assert_allclose(
        stacked.predict_proba(toy["test"])[LABELS[0]], 1 / (1 + np.exp(-out[LABELS[0]]))
    )
    # A file saved before stacking existed has no "stack": it scores with its heads alone.
    older = stacked.to_dict()
    del older["stack"]
    again = baseline_from_dict(older)
    assert again.stack is None
    np.testing.assert_allclose(again.predict_logits(toy["test"])[LABELS[0]], raw[LABELS[0]])


@pytest.mark.parametrize(
    ("labels", "validation"),
    [(LABELS, False), (LABELS[:1], True)],
    ids=["no-validation", "one-label"],
)
def test_stacking_needs_validation_and_two_labels(toy, labels, validation):
    model = TfidfLogisticBaseline(labels=labels, stack_labels=True).fit(
        toy["train"], validation=toy["validation"] if validation else None
    )
    assert model.stack is None
    assert model.to_dict()["stack"] is None


def test_c_is_chosen_on_validation_from_the_grid(toy):
    grid = (0.1, 1.0, 10.0)
    model = TfidfLogisticBaseline(c_grid=grid).fit(toy["train"], validation=toy["validation"])
    assert all(head.C in grid for head in model.heads.values())


@pytest.mark.parametrize("share", [False, True], ids=["own", "shared"])
@pytest.mark.parametrize("partly_unknown", [False, True])
def test_the_c_grid_fitted_in_worker_processes_gives_the_same_heads(
    toy, monkeypatch, partly_unknown, share
):
    # A large corpus fits the label x C grid (and the shared fits) in parallel processes; the
    # heads, the C chosen and the predictions must be those of fitting one after another.
    import referral_nlp.modeling.baselines as baselines

    train = toy["train"]
    if partly_unknown:  # rows are picked per label inside the workers
        train = [{**r, "escalation_12m": None} if i % 3 else r for i, r in enumerate(train)]
    grid = (0.1, 1.0, 10.0)
    alone = TfidfLogisticBaseline(c_grid=grid, share_labels=share).fit(
        train, validation=toy["validation"]
    )
    monkeypatch.setattr(baselines, "_PARALLEL_MIN_WORK", 1)
    monkeypatch.setattr("joblib.cpu_count", lambda: 2)
    import joblib

    pools = []

    class CountedParallel(joblib.Parallel):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("n_jobs"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(joblib, "Parallel", CountedParallel)
    side_by_side = TfidfLogisticBaseline(c_grid=grid, share_labels=share).fit(
        train, validation=toy["validation"]
    )
    for label in LABELS:
        a, b = side_by_side.heads[label], alone.heads[label]
        assert (a.C, a.shared) == (b.C, b.shared)
        assert np.allclose(a.coef, b.coef) and a.intercept == pytest.approx(b.intercept)
    p, q = side_by_side.predict_proba(toy["test"]), alone.predict_proba(toy["test"])
    assert all(np.allclose(p[label], q[label]) for label in LABELS)
    assert pools == [2]  # the parallel path ran, with two workers


def test_one_class_label_gives_the_training_rate_with_a_warning(toy, caplog):
    train = [{**r, "escalation_12m": 0} for r in toy["train"]]
    with caplog.at_level(logging.WARNING):
        model = StructuredLogisticBaseline().fit(train)
    assert "one class only" in caplog.text
    p = model.predict_proba(toy["test"])["escalation_12m"]
    assert np.allclose(p, p[0]) and p[0] < 0.01


def test_records_with_an_unknown_label_are_left_out_of_that_label_only(toy):
    train = [{**r, "escalation_12m": None} if i % 2 else r for i, r in enumerate(toy["train"])]
    model = StructuredLogisticBaseline().fit(train)
    assert set(model.predict_proba(toy["test"][:3])) == set(LABELS)


def test_tiny_training_set_relaxes_min_df_instead_of_failing(toy):
    model = TfidfLogisticBaseline(min_df=5).fit(toy["train"][:6])
    assert model.vocabulary


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="c_grid"):
        StructuredLogisticBaseline(c_grid=(0,))
    with pytest.raises(ValueError, match="no training records"):
        StructuredLogisticBaseline().fit([])
    with pytest.raises(RuntimeError, match="fit"):
        TfidfLogisticBaseline().predict_proba([{"text": "x"}])
    with pytest.raises(ValueError, match="unknown name"):
        baseline_from_dict({"name": "nope"})
