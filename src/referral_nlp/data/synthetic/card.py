"""The data card: what the synthetic corpus is, how it was made, and what it measures.

Every figure in the card is computed from the corpus just generated, so the card cannot drift
from the data: label rates per split and per group, the oracle's AUROC and average precision on
the test split (the ceiling for any model), a structured-only logistic regression and a TF-IDF
text model for comparison, distinct-n-gram ratios (on the raw text and with personal data masked,
the honest measure of template variety), personal-data span counts, note lengths, and the state
of the recording-bias knob. Nothing in the card quotes a note or names a person.

The card is deterministic for a seed (no timings, no paths), so two runs give identical files.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np

from referral_nlp.data.schema import ASSESSMENT_FACTORS, PRIMARY_NEEDS, REFERRAL_SOURCES
from referral_nlp.data.synthetic import risk, timeline
from referral_nlp.data.synthetic.config import BURN_IN_YEARS
from referral_nlp.data.synthetic.corpus import SyntheticCorpus
from referral_nlp.data.synthetic.corpus import plain_texts as counterfactual_texts

logger = logging.getLogger(__name__)

LABEL_FIELDS = (("re_referral_12m", "oracle_re_referral"), ("escalation_12m", "oracle_escalation"))
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
#: Cap on the texts used for distinct-n-gram ratios (ratios fall as a corpus grows, so the
#: sample size is printed with them).
NGRAM_SAMPLE = 4000
#: Size of the second distinct-n sample, matched to the hand-labelled test notes (5,253 words).
SMALL_SAMPLE_WORDS = 5250
#: Caps on the notes used by the TF-IDF baseline (keep the card fast at 100k records).
TFIDF_TRAIN_CAP = 6000
TFIDF_TEST_CAP = 5000


# ---- features and baselines ------------------------------------------------------------------
def structured_matrix(records: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The structured fields a model may use by default, as numbers (protected ones left out)."""
    sources = list(REFERRAL_SOURCES)
    needs = list(PRIMARY_NEEDS)
    factors = list(ASSESSMENT_FACTORS)
    width = 6 + len(sources) + len(needs) + len(factors)
    out = np.zeros((len(records), width), dtype=np.float64)
    s_index = {k: 6 + i for i, k in enumerate(sources)}
    n_index = {k: 6 + len(sources) + i for i, k in enumerate(needs)}
    f_index = {k: 6 + len(sources) + len(needs) + i for i, k in enumerate(factors)}
    for row, r in enumerate(records):
        age = r.get("child_age")
        prev = r.get("previous_referrals") or 0
        out[row, 0] = (age if age is not None else 8) / 17.0
        out[row, 1] = 1.0 if age is not None and age < 1 else 0.0
        out[row, 2] = 1.0 if age is not None and 13 <= age <= 15 else 0.0
        out[row, 3] = math.log1p(prev)
        out[row, 4] = 1.0 if r.get("previous_cp_plan") else 0.0
        out[row, 5] = (r.get("deprivation_decile") or 5) / 10.0
        if r.get("referral_source") in s_index:
            out[row, s_index[r["referral_source"]]] = 1.0
        if r.get("primary_need") in n_index:
            out[row, n_index[r["primary_need"]]] = 1.0
        for f in r.get("assessment_factors") or ():
            if f in f_index:
                out[row, f_index[f]] = 1.0
    return out


def _scores(y: Sequence[int], p: Sequence[float]) -> dict[str, float | None]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    y_arr = np.asarray(y)
    if y_arr.min() == y_arr.max():
        return {"auroc": None, "ap": None}
    return {
        "auroc": float(roc_auc_score(y_arr, p)),
        "ap": float(average_precision_score(y_arr, p)),
    }


def structured_baseline(
    train: Sequence[Mapping[str, Any]], test: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, float | None]]:
    """A logistic regression on the structured fields only, fitted on train, scored on test."""
    scores = _logistic_scores(structured_matrix(train), train, structured_matrix(test))
    return {label: _label_scores(test, label, scores) for label, _ in LABEL_FIELDS}


def _logistic_scores(
    x_train: Any, train: Sequence[Mapping[str, Any]], x_test: Any
) -> dict[str, np.ndarray]:
    """Each label's test scores from a logistic regression fitted on train (the same settings
    for both baselines); a label that train holds in one class only has no model and no scores."""
    from sklearn.linear_model import LogisticRegression

    scores = {}
    for label, _ in LABEL_FIELDS:
        y = np.array([r[label] for r in train])
        if y.min() == y.max():
            continue
        model = LogisticRegression(max_iter=2000, C=1.0, solver="liblinear")
        model.fit(x_train, y)
        scores[label] = model.predict_proba(x_test)[:, 1]
    return scores


def _label_scores(
    test: Sequence[Mapping[str, Any]], label: str, scores: Mapping[str, Any]
) -> dict[str, float | None]:
    if label not in scores:
        return {"auroc": None, "ap": None}
    return _scores([r[label] for r in test], scores[label])


def _text_model_auroc(
    train_texts: Sequence[str],
    train: Sequence[Mapping[str, Any]],
    test_texts: Sequence[str],
    test: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=5, max_features=30_000, sublinear_tf=True, lowercase=True
    )
    x_train = vectorizer.fit_transform(train_texts)
    x_test = vectorizer.transform(test_texts)
    scores = _logistic_scores(x_train, train, x_test)
    out: dict[str, Any] = {"scores": scores}
    for label, _ in LABEL_FIELDS:
        out[label] = _label_scores(test, label, scores)
    return out


def _paired_auroc_difference(
    y: Sequence[int], a: Sequence[float], b: Sequence[float], *, n_boot: int = 100
) -> dict[str, float] | None:
    """AUROC(b) - AUROC(a) on the same cases, with a 95% paired bootstrap interval."""
    from sklearn.metrics import roc_auc_score

    y_arr, a_arr, b_arr = np.asarray(y), np.asarray(a), np.asarray(b)
    if y_arr.min() == y_arr.max():
        return None
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y_arr), len(y_arr))
        if y_arr[idx].min() == y_arr[idx].max():
            continue
        diffs.append(roc_auc_score(y_arr[idx], b_arr[idx]) - roc_auc_score(y_arr[idx], a_arr[idx]))
    return {
        "difference": float(roc_auc_score(y_arr, b_arr) - roc_auc_score(y_arr, a_arr)),
        "low": float(np.percentile(diffs, 2.5)),
        "high": float(np.percentile(diffs, 97.5)),
    }


def text_baseline(
    train: Sequence[Mapping[str, Any]],
    test: Sequence[Mapping[str, Any]],
    plain_texts: Mapping[str, str]
    | Callable[[list[Mapping[str, Any]]], Mapping[str, str]]
    | None = None,
) -> dict[str, Any]:
    """TF-IDF (words and bigrams) + logistic regression on the raw text, for information.

    Fitted on at most ``TFIDF_TRAIN_CAP`` training notes and scored on at most
    ``TFIDF_TEST_CAP`` test notes (evenly spaced, so deterministic). With ``plain_texts`` (the
    generator's counterfactual notes without historic and negated mentions, or a function that
    writes them for a list of records) the same model is also fitted and scored on those notes,
    for the same records: the difference is what negation and tense cost a bag of words.
    """
    train_sample = _sample(train, TFIDF_TRAIN_CAP)
    test_sample = _sample(test, TFIDF_TEST_CAP)
    if callable(plain_texts):
        plain_texts = plain_texts([*train_sample, *test_sample])
    out: dict[str, Any] = {"n_train": len(train_sample), "n_test": len(test_sample)}
    written = _text_model_auroc(
        [r["text"] for r in train_sample],
        train_sample,
        [r["text"] for r in test_sample],
        test_sample,
    )
    out.update({k: v for k, v in written.items() if k != "scores"})
    if plain_texts:
        plain = _text_model_auroc(
            [plain_texts[r["id"]] for r in train_sample],
            train_sample,
            [plain_texts[r["id"]] for r in test_sample],
            test_sample,
        )
        out["plain"] = {k: v for k, v in plain.items() if k != "scores"}
        out["plain_gain"] = {
            label: _paired_auroc_difference(
                [r[label] for r in test_sample],
                written["scores"][label],
                plain["scores"][label],
            )
            for label, _ in LABEL_FIELDS
            if label in written["scores"] and label in plain["scores"]
        }
        test_y = [r["re_referral_12m"] for r in test_sample]
        out["oracle_same_notes"] = _scores(test_y, [r["oracle_re_referral"] for r in test_sample])
    return out


# ---- text statistics -------------------------------------------------------------------------
def _masked(record: Mapping[str, Any]) -> str:
    text = record["text"]
    parts = []
    last = 0
    for span in sorted(record.get("pii_spans") or (), key=lambda s: s["start"]):
        parts.append(text[last : span["start"]])
        parts.append(f" x{span['label'].lower().replace('_', '')}x ")
        last = span["end"]
    parts.append(text[last:])
    return "".join(parts)


def distinct_ngrams(texts: Iterable[str], ns: Sequence[int] = (1, 2, 3)) -> dict[int, float]:
    """distinct-n: unique n-grams / all n-grams over the texts (lower-cased word tokens)."""
    unique: dict[int, set[tuple[str, ...]]] = {n: set() for n in ns}
    total = dict.fromkeys(ns, 0)
    for text in texts:
        tokens = _TOKEN.findall(text.lower())
        for n in ns:
            grams = list(zip(*(tokens[i:] for i in range(n)), strict=False))
            unique[n].update(grams)
            total[n] += len(grams)
    return {n: (len(unique[n]) / total[n] if total[n] else 0.0) for n in ns}


def _first_words(records: Sequence[Mapping[str, Any]], words: int) -> list[Mapping[str, Any]]:
    """Evenly spaced notes, taken until they hold ``words`` words (for size-matched ratios)."""
    out: list[Mapping[str, Any]] = []
    total = 0
    step = max(1, len(records) // 200)
    for record in records[::step]:
        if total >= words:
            break
        out.append(record)
        total += len(record["text"].split())
    return out


def _sample(records: Sequence[Mapping[str, Any]], cap: int) -> list[Mapping[str, Any]]:
    """At most ``cap`` records, evenly spaced (deterministic)."""
    n = len(records)
    if n <= cap:
        return list(records)
    return [records[i * n // cap] for i in range(cap)]


def _percentiles(values: Sequence[int]) -> dict[str, float]:
    arr = np.asarray(values)
    return {
        "min": int(arr.min()),
        "p5": float(np.percentile(arr, 5)),
        "median": float(np.median(arr)),
        "p95": float(np.percentile(arr, 95)),
        "max": int(arr.max()),
        "mean": float(arr.mean()),
    }


# ---- the card ------------------------------------------------------------------------------------
def _rates(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    n = len(records)
    if not n:
        return {"n": 0}
    return {
        "n": n,
        "families": len({r["family_id"] for r in records}),
        "children": len({r["child_id"] for r in records}),
        "re_rate": sum(r["re_referral_12m"] for r in records) / n,
        "esc_rate": sum(r["escalation_12m"] for r in records) / n,
        "oracle_re_mean": sum(r["oracle_re_referral"] for r in records) / n,
        "oracle_esc_mean": sum(r["oracle_escalation"] for r in records) / n,
        "first_closure": min(r["closure_date"] for r in records),
        "last_closure": max(r["closure_date"] for r in records),
    }


def _group_rates(records: Sequence[Mapping[str, Any]], field: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        groups.setdefault(str(r.get(field)).lower(), []).append(r)
    return [{"group": g, **_rates(rs)} for g, rs in sorted(groups.items())]


def card_metrics(corpus: SyntheticCorpus, *, text_model: bool = True) -> dict[str, Any]:
    """Everything the data card reports, as plain numbers."""
    records = corpus.records
    splits = corpus.splits
    train, test = splits["train"], splits["test"]
    oracle = {
        label: _scores([r[label] for r in test], [r[o] for r in test]) for label, o in LABEL_FIELDS
    }
    oracle_all = {
        label: _scores([r[label] for r in records], [r[o] for r in records])
        for label, o in LABEL_FIELDS
    }
    structured = structured_baseline(train, test)
    text = None
    if text_model:
        text = text_baseline(train, test, lambda rs: counterfactual_texts(corpus, rs))
    sample = _sample(records, NGRAM_SAMPLE)
    small = _first_words(records, SMALL_SAMPLE_WORDS)
    words = [len(r["text"].split()) for r in records]
    spans = Counter(s["label"] for r in records for s in r["pii_spans"])
    kinds = Counter(r["text_format"].split(":")[1] for r in records)
    sources = Counter(r["referral_source"] for r in records)
    config = corpus.config
    return {
        "config": config.to_dict(),
        "burn_in_years": BURN_IN_YEARS,
        "observation_end": corpus.observation_end.isoformat(),
        "n_families_simulated": corpus.n_families,
        "splits": {name: _rates(part) for name, part in splits.items()},
        "all": _rates(records),
        "oracle_test": oracle,
        "oracle_all": oracle_all,
        "structured_test": structured,
        "text_test": text,
        "distinct_raw": distinct_ngrams(r["text"] for r in sample),
        "distinct_masked": distinct_ngrams(_masked(r) for r in sample),
        "ngram_sample": len(sample),
        "distinct_small_raw": distinct_ngrams(r["text"] for r in small),
        "distinct_small_masked": distinct_ngrams(_masked(r) for r in small),
        "small_notes": len(small),
        "small_words": sum(len(r["text"].split()) for r in small),
        "words": _percentiles(words),
        "pii_counts": dict(sorted(spans.items(), key=lambda kv: -kv[1])),
        "pii_per_note": sum(spans.values()) / max(1, len(records)),
        "doc_kinds": {k: v / len(records) for k, v in kinds.most_common()},
        "sources": {k: v / len(records) for k, v in sources.most_common()},
        "by_ethnicity": _group_rates(records, "ethnicity"),
        "by_sex": _group_rates(records, "child_sex"),
        "bias": {
            "active": config.bias_active,
            "group": config.recording_bias_group,
            "rate": config.recording_bias_rate,
            "raised": len(corpus.bias_raised),
            "escalation_share": timeline.BIAS_ESCALATION_SHARE,
        },
        "process": {
            "hazard_intercept": risk.HAZARD_INTERCEPT,
            "hazard_signal": risk.HAZARD_SIGNAL,
            "escalation_intercept": risk.ESCALATION_INTERCEPT,
            "escalation_signal": risk.ESCALATION_SIGNAL,
            "weibull_shape": risk.WEIBULL_SHAPE,
            "factors": [
                {
                    "name": f.name,
                    "weight": f.weight,
                    "esc_weight": f.esc_weight,
                    "persist": f.persist,
                }
                for f in risk.FACTORS
            ],
            "engagement": risk.ENGAGEMENT_HAZARD,
            "engagement_esc": risk.ENGAGEMENT_ESC,
            "voice": risk.VOICE_HAZARD,
            "protective": risk.PROTECTIVE_HAZARD,
            "protective_esc": risk.PROTECTIVE_ESC,
            "injury": risk.INJURY_HAZARD,
            "injury_esc": risk.INJURY_ESC,
            "severity": risk.SEVERITY_MULT,
            "frequency": risk.FREQUENCY_MULT,
            "previous_referrals": risk.PREVIOUS_REFERRALS_HAZARD,
            "previous_cp": risk.PREVIOUS_CP_HAZARD,
            "previous_cp_esc": risk.PREVIOUS_CP_ESC,
            "deprivation": risk.DEPRIVATION_HAZARD,
        },
    }


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render_card(metrics: Mapping[str, Any]) -> str:
    """The data card as Markdown, from the package's Jinja2 template."""
    import jinja2

    source = (
        resources.files("referral_nlp.data.synthetic")
        .joinpath("templates/data_card.md.j2")
        .read_text(encoding="utf-8")
    )
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["f"] = _fmt
    env.filters["pct"] = _pct
    return env.from_string(source).render(m=metrics)
