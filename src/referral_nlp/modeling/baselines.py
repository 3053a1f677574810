"""Baselines the transformer is compared with in the same report.

* :class:`StructuredLogisticBaseline` (``structured_lr``): the structured case fields only,
  encoded by :class:`~referral_nlp.modeling.features.StructuredEncoder` (so protected
  characteristics stay out, as for the transformer), one logistic regression per label. This
  is what a council could build without reading a single note.
* :class:`TfidfLogisticBaseline` (``tfidf_lr``): TF-IDF of word 1- to 3-grams of the
  **redacted** text (sublinear term frequency, L2-normalised rows) placed beside the same
  structured features, one logistic regression per label, with the words a negation governs
  marked (NegEx's rule, :mod:`~referral_nlp.modeling.negation_scope`). The classic text
  baseline: if the transformer cannot beat it, the extra cost buys nothing.

Both are fitted on the training split only. The regularisation strength ``C`` is fixed, or,
with several values in ``c_grid`` and validation records passed to ``fit``, chosen per label
by validation log loss (the report also fits its calibrators on validation; test is never
touched). With ``stack_labels`` and validation records, each label's score is then a blend of
every label's logits fitted on validation (:class:`~.blend.Blend` with one part), as the
shipped model blends its parts across labels: a baseline must get every step the model gets,
or the comparison flatters the model. With ``share_labels``, the labels are also fitted in one
regression that shares most of their weights (:mod:`~.shared_weights`), and validation picks
per label between those fits and the label's own, as it picks ``C`` (without validation the
shared fit is taken): the shipped model's n-gram part gets the same choice. Records must already
be redacted: these classes never redact.

Nothing is pickled: a fitted baseline is plain numbers (``to_dict``/``from_dict`` round-trip
through JSON), and the report refits them at evaluation time, except where a saved baseline's
:meth:`~_Baseline.fit_digest` says it was fitted by the same code and libraries on the same
settings and records (``reuse``): the fits are deterministic, so refitting would compute the
same numbers again. A label whose training records hold one outcome only gets a constant model
(the training rate) and a warning.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from referral_nlp.data.schema import LABELS, MODEL_STRUCTURED_FIELDS
from referral_nlp.errors import UserError
from referral_nlp.modeling.blend import Blend
from referral_nlp.modeling.features import StructuredEncoder, record_value
from referral_nlp.modeling.fit_digest import fit_digest
from referral_nlp.modeling.negation_scope import mark_negation_scope
from referral_nlp.modeling.shared_weights import fit_shared

logger = logging.getLogger(__name__)

__all__ = [
    "BASELINE_FORMAT",
    "FULL_C_GRID",
    "PooledEmbeddingBaseline",
    "StructuredLogisticBaseline",
    "TfidfLogisticBaseline",
    "baseline_from_dict",
]

BASELINE_FORMAT = "referral-nlp-baseline"
DEFAULT_C_GRID: tuple[float, ...] = (1.0,)
#: The regularisation strengths tried on validation when a baseline is at full strength.
FULL_C_GRID: tuple[float, ...] = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
_EPS = 1e-6
#: Below this many (training records x candidate fits) the fits run in this process: starting
#: worker processes costs more than it saves on a small corpus (and in the unit tests).
_PARALLEL_MIN_WORK = 50_000


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass
class _LinearHead:
    """``sigmoid(X @ coef + intercept)``: a fitted logistic regression as plain numbers."""

    coef: np.ndarray
    intercept: float
    C: float | None = None
    #: Fitted together with the other labels (:mod:`~.shared_weights`), not alone.
    shared: bool = False

    def describe(self) -> str:
        """``C=1`` or ``shared C=1``: how the head was fitted, for the log."""
        strength = "constant" if self.C is None else f"C={self.C:g}"
        return f"shared {strength}" if self.shared else strength

    def logit(self, x: Any) -> np.ndarray:
        return np.asarray(x @ self.coef, dtype=np.float64).reshape(-1) + self.intercept

    def predict(self, x: Any) -> np.ndarray:
        return _sigmoid(self.logit(x))

    def to_dict(self) -> dict[str, Any]:
        return {
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "C": self.C,
            "shared": self.shared,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> _LinearHead:
        return cls(
            np.asarray(data["coef"], dtype=np.float64),
            float(data["intercept"]),
            data.get("C"),
            bool(data.get("shared", False)),  # absent before stop 46
        )


def _labels_of(records: Sequence[Any], label: str) -> tuple[np.ndarray, np.ndarray]:
    """``(y, known)``: 0/1 labels and a mask of records whose label is known."""
    values = [record_value(r, label) for r in records]
    known = np.array(
        [v is not None and not (isinstance(v, float) and math.isnan(v)) for v in values]
    )
    y = np.array([int(v) if k else 0 for v, k in zip(values, known, strict=True)], dtype=np.int64)
    bad = known & ~np.isin(y, (0, 1))
    if bad.any():
        raise ValueError(f"{label}: expected labels 0 or 1, got {int(bad.sum())} other value(s).")
    return y, known


def _known_or_nan(y: np.ndarray, known: np.ndarray) -> np.ndarray:
    return np.where(known, y.astype(np.float64), np.nan)


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _fit_head(x: Any, y: np.ndarray, c: float, seed: int, max_iter: int) -> _LinearHead:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=max_iter, random_state=seed)
    lr.fit(x, y)
    return _LinearHead(lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), float(c))


def _fit_rows(
    x: Any, rows: np.ndarray, y: np.ndarray, c: float, seed: int, max_iter: int
) -> _LinearHead:
    return _fit_head(x if len(rows) == x.shape[0] else x[rows], y, c, seed, max_iter)


def _fit_shared_heads(
    x: Any, tasks: Sequence[tuple[np.ndarray, np.ndarray]], c: float, seed: int, max_iter: int
) -> list[_LinearHead]:
    fits = fit_shared(x, tasks, c, seed=seed, max_iter=max_iter)
    return [_LinearHead(coef, intercept, float(c), shared=True) for coef, intercept in fits]


def _constant_head(dim: int, y: np.ndarray) -> _LinearHead:
    rate = float(np.clip(y.mean() if y.size else 0.5, _EPS, 1 - _EPS))
    return _LinearHead(np.zeros(dim), math.log(rate / (1 - rate)), None)


class _Baseline:
    """Shared fitting: one logistic regression per label over ``self._features(records)``."""

    name = "baseline"
    kind = "baseline"

    def __init__(
        self,
        *,
        labels: Sequence[str] = LABELS,
        structured_fields: Sequence[str] | None = None,
        c_grid: Sequence[float] = DEFAULT_C_GRID,
        max_iter: int = 2000,
        seed: int = 0,
        stack_labels: bool = False,
        share_labels: bool = False,
    ) -> None:
        if not labels:
            raise ValueError("labels: need at least one label.")
        if not c_grid or any(not (isinstance(c, int | float) and c > 0) for c in c_grid):
            raise ValueError(f"c_grid: expected positive numbers, got {list(c_grid)!r}.")
        self.labels = tuple(labels)
        self.structured_fields = None if structured_fields is None else tuple(structured_fields)
        self.c_grid = tuple(float(c) for c in c_grid)
        self.max_iter = max_iter
        self.seed = seed
        self.stack_labels = stack_labels
        self.share_labels = share_labels
        self.encoder: StructuredEncoder | None = None
        self.heads: dict[str, _LinearHead] = {}
        self.stack: Blend | None = None
        #: :meth:`fit_digest` of the fit that produced ``heads`` (None before fitting).
        self.fitted_on: str | None = None

    #: What a fit leaves behind besides the blend across labels (see ``reuse`` in :meth:`fit`).
    _FITTED_STATE: tuple[str, ...] = ("encoder", "heads")

    # subclasses: _fit_features(records) -> X, _features(records) -> X
    def _fit_features(self, records: Sequence[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _features(self, records: Sequence[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def fitted(self) -> bool:
        return bool(self.heads)

    def _settings(self) -> dict[str, Any]:
        """Every setting the per-label fits read (the blend across labels is fitted apart)."""
        fields = self.structured_fields
        if fields is None:  # () is "no structured fields", not the default
            fields = MODEL_STRUCTURED_FIELDS
        return {
            "name": self.name,
            "labels": list(self.labels),
            "structured_fields": list(fields),
            "c_grid": list(self.c_grid),
            "max_iter": self.max_iter,
            "share_labels": self.share_labels,
        }

    def fit_digest(self, records: Sequence[Any], validation: Sequence[Any] | None) -> str:
        """sha256 of everything :meth:`fit` reads before the blend across labels: the code that
        fits, the settings, and each training and validation record's labels, text and
        structured fields, in order (:func:`~.fit_digest.fit_digest`). Two fits with the same
        digest compute the same heads (lbfgs is deterministic; the seed only names a random
        state it does not use)."""
        settings = self._settings()
        fields = [*getattr(self, "text_fields", ()), *settings["structured_fields"], *self.labels]
        return fit_digest(settings, fields, (records, validation or ()))

    def fit(
        self,
        records: Sequence[Any],
        validation: Sequence[Any] | None = None,
        *,
        reuse: _Baseline | None = None,
    ) -> _Baseline:
        """Fit on training records (already redacted); ``validation`` picks ``C`` and, with
        ``stack_labels``, fits the blend across labels.

        ``reuse``: a fitted baseline of this class (the model's n-gram part, for ``tfidf_lr``).
        When its ``fitted_on`` equals this fit's :meth:`fit_digest`, it read the same settings
        and records, so its heads are taken as they are instead of computed again (a minute or
        more on a large corpus); only the blend across labels is fitted here.
        """
        records = list(records)
        if not records:
            raise UserError(f"{self.name}: cannot fit on no training records.")
        validation = None if validation is None else list(validation)
        stacking = self.stack_labels and len(self.labels) > 1
        digest = self.fit_digest(records, validation) if self._FITTED_STATE else None
        if digest and type(reuse) is type(self) and reuse.fitted_on == digest:
            for name in self._FITTED_STATE:
                value = getattr(reuse, name)
                setattr(self, name, dict(value) if isinstance(value, dict) else value)
            self.fitted_on = digest
            x_val = self._features(validation) if stacking and validation else None
            self._fit_stack(validation, x_val, stacking)
            logger.info(
                "%s: taken from a fit of the same settings and records, not refitted.", self.name
            )
            return self
        x = self._fit_features(records)
        x_val = None
        sharing = self.share_labels and len(self.labels) > 1  # shared and own fits to choose from
        if validation is not None and (len(self.c_grid) > 1 or stacking or sharing):
            x_val = self._features(validation) if validation else None
        heads: dict[str, _LinearHead] = {}
        fittable: list[tuple[str, np.ndarray, np.ndarray]] = []
        for label in self.labels:
            y, known = _labels_of(records, label)
            y_known = y[known]
            if y_known.size == 0 or y_known.min() == y_known.max():
                logger.warning(
                    "%s: training labels of %s have one class only (%d cases); using the "
                    "training rate as a constant prediction.",
                    self.name,
                    label,
                    int(y_known.size),
                )
                heads[label] = _constant_head(x.shape[1], y_known)
                continue
            fittable.append((label, np.flatnonzero(known), y_known))
        by_label = self._fit_candidates(x, fittable)
        for label, _, _ in fittable:
            candidates = by_label[label]
            best = candidates[0]
            if x_val is not None and len(candidates) > 1:
                yv, kv = _labels_of(validation, label)
                if not kv.any() or yv[kv].min() == yv[kv].max():
                    logger.warning(
                        "%s / %s: validation holds one outcome only, so nothing can be chosen "
                        "on it; taking %s.",
                        self.name,
                        label,
                        best.describe(),
                    )
                else:
                    xv = x_val[np.flatnonzero(kv)]
                    losses = [_log_loss(yv[kv], h.predict(xv)) for h in candidates]
                    best = candidates[int(np.argmin(losses))]
                    logger.info(
                        "%s / %s: %s chosen by validation log loss (%s).",
                        self.name,
                        label,
                        best.describe(),
                        ", ".join(
                            f"{h.describe()}: {loss:.4f}"
                            for h, loss in zip(candidates, losses, strict=True)
                        ),
                    )
            heads[label] = best
        self.heads = heads
        self.fitted_on = digest
        shared = [label for label, head in heads.items() if head.shared]
        self._fit_stack(validation, x_val, stacking)
        logger.info(
            "%s fitted on %d records (%d features%s).",
            self.name,
            len(records),
            x.shape[1],
            ", labels sharing weights for " + ", ".join(shared) if shared else "",
        )
        return self

    def _fit_stack(self, validation: Sequence[Any] | None, x_val: Any, stacking: bool) -> None:
        """With ``stacking``, the blend of every label's logits per label, fitted on validation."""
        self.stack = None
        if stacking and x_val is None:
            logger.warning(
                "%s: no validation records, so the labels are not blended with each other.",
                self.name,
            )
        if stacking and x_val is not None and validation is not None:
            y_val = np.column_stack(
                [_known_or_nan(*_labels_of(validation, lb)) for lb in self.labels]
            )
            logits = {lb: self.heads[lb].logit(x_val) for lb in self.labels}
            self.stack = Blend.fit_by_label(self.labels, y_val, self.name, logits)

    def _fit_candidates(
        self, x: Any, fittable: Sequence[tuple[str, np.ndarray, np.ndarray]]
    ) -> dict[str, list[_LinearHead]]:
        """Every candidate head per label: one per ``C`` fitted on the label alone and, with
        ``share_labels`` and two labels or more, one per ``C`` from the labels fitted together
        (:mod:`~.shared_weights`). Validation then picks per label, so sharing is used where it
        fits better, as any other setting of the grid is.

        Each lbfgs fit holds the GIL for most of its time, so threads barely help; worker
        processes (joblib's loky, which memory-maps ``x`` rather than copying it) run the fits
        side by side: on 39,000 notes' TF-IDF features a fit takes a minute or more, and a
        dozen of them in a row dominate training and evaluation. The shared fits, twice the
        rows and the longest, go first so the workers finish together. The fits are
        deterministic, so the heads are the same either way.
        """
        from joblib import Parallel, cpu_count, delayed

        tasks = [(rows, y) for _, rows, y in fittable]
        args = (self.seed, self.max_iter)
        # (fit, its arguments, the label it is for: None when it fits every label)
        jobs: list[tuple[Any, tuple[Any, ...], str | None]] = []
        if self.share_labels and len(fittable) > 1:
            jobs += [(_fit_shared_heads, (x, tasks, c, *args), None) for c in self.c_grid]
        jobs += [
            (_fit_rows, (x, rows, y, c, *args), label)
            for label, rows, y in fittable
            for c in self.c_grid
        ]
        workers = min(len(jobs), cpu_count())
        if workers < 2 or x.shape[0] * len(jobs) < _PARALLEL_MIN_WORK:
            fitted = [fit(*fit_args) for fit, fit_args, _ in jobs]
        else:  # x travels once (memory-mapped); each worker takes its own rows.
            fitted = Parallel(n_jobs=workers)(delayed(fit)(*a) for fit, a, _ in jobs)
        out: dict[str, list[_LinearHead]] = {label: [] for label, _, _ in fittable}
        for (_, _, label), result in zip(jobs, fitted, strict=True):
            if label is None:
                for (each, _, _), head in zip(fittable, result, strict=True):
                    out[each].append(head)
            else:
                out[label].append(result)
        return out

    def predict_proba(self, records: Sequence[Any]) -> dict[str, np.ndarray]:
        """``{label: probabilities}`` for records (already redacted), in input order."""
        return {label: _sigmoid(z) for label, z in self.predict_logits(records).items()}

    def predict_logits(self, records: Sequence[Any]) -> dict[str, np.ndarray]:
        """``{label: logits}`` for records (already redacted), in input order; blended across
        labels when the baseline was fitted with ``stack_labels``."""
        if not self.fitted:
            raise RuntimeError(f"{self.name}: call fit() before predicting.")
        records = list(records)
        if not records:
            return {label: np.zeros(0) for label in self.labels}
        x = self._features(records)
        logits = {label: self.heads[label].logit(x) for label in self.labels}
        if self.stack is None:
            return logits
        return self.stack.combine_by_label(self.labels, self.name, logits)

    def _base_dict(self) -> dict[str, Any]:
        if not self.fitted or self.encoder is None:
            raise RuntimeError(f"{self.name}: not fitted; nothing to serialise.")
        return {
            "format": BASELINE_FORMAT,
            "version": 1,
            "name": self.name,
            "labels": list(self.labels),
            "c_grid": list(self.c_grid),
            "seed": self.seed,
            "structured_encoder": self.encoder.to_dict(),
            "heads": {label: head.to_dict() for label, head in self.heads.items()},
            "stack": None if self.stack is None else self.stack.to_dict(),
            "share_labels": self.share_labels,
            "fitted_on": self.fitted_on,
        }

    def _load_base(self, data: Mapping[str, Any]) -> None:
        self.encoder = StructuredEncoder.from_dict(data["structured_encoder"])
        self.structured_fields = self.encoder.fields
        self.heads = {label: _LinearHead.from_dict(h) for label, h in data["heads"].items()}
        stack = data.get("stack")  # absent in files saved before stacking existed
        self.stack = None if stack is None else Blend.from_dict(stack)
        self.stack_labels = self.stack is not None
        self.share_labels = bool(data.get("share_labels", False))  # absent before stop 46
        self.fitted_on = data.get("fitted_on")  # absent before stop 47: never reused


class StructuredLogisticBaseline(_Baseline):
    """Structured fields only (``StructuredEncoder`` features) + logistic regression per label."""

    name = "structured_lr"

    def _fit_features(self, records: Sequence[Any]) -> np.ndarray:
        self.encoder = StructuredEncoder(self.structured_fields).fit(records)
        return self._features(records)

    def _features(self, records: Sequence[Any]) -> np.ndarray:
        assert self.encoder is not None
        return self.encoder.transform(records).astype(np.float64)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: encoder, coefficients and intercepts."""
        return self._base_dict()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StructuredLogisticBaseline:
        _check_format(data, cls.name)
        model = cls(labels=data["labels"], c_grid=data.get("c_grid", DEFAULT_C_GRID))
        model._load_base(data)
        return model


class TfidfLogisticBaseline(_Baseline):
    """TF-IDF word 1-3 grams of redacted text, beside structured features, + logistic regression.

    ``text_fields`` are joined with a blank line (like the transformer's notes); ``min_df``
    drops n-grams seen in fewer training notes (relaxed to 1 when that leaves no vocabulary,
    e.g. on a tiny training set); ``max_features`` keeps the most frequent.
    ``negation_scope`` marks the words a negation governs (``no neg_bruising neg_seen``,
    :mod:`~referral_nlp.modeling.negation_scope`), so a ruled-out concern is weighed apart from a
    named one. An artefact saved before the option existed loads without it.
    """

    name = "tfidf_lr"

    def __init__(
        self,
        *,
        text_fields: Sequence[str] = ("text",),
        ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 2,
        max_features: int | None = 200_000,
        sublinear_tf: bool = True,
        negation_scope: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if "text" not in text_fields:
            raise ValueError("text_fields: must include 'text'.")
        self.text_fields = tuple(text_fields)
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.negation_scope = negation_scope
        self.vocabulary: dict[str, int] = {}
        self.idf: np.ndarray | None = None
        self._counter: tuple[dict[str, int], Any] | None = None

    _FITTED_STATE = (*_Baseline._FITTED_STATE, "vocabulary", "idf")

    def _settings(self) -> dict[str, Any]:
        return {
            **super()._settings(),
            "text_fields": list(self.text_fields),
            "ngram_range": list(self.ngram_range),
            "min_df": self.min_df,
            "max_features": self.max_features,
            "sublinear_tf": self.sublinear_tf,
            "negation_scope": self.negation_scope,
        }

    def _texts(self, records: Sequence[Any]) -> list[str]:
        texts = []
        for i, record in enumerate(records):
            parts = []
            for name in self.text_fields:
                value = record_value(record, name)
                if name == "text" and not isinstance(value, str):
                    raise ValueError(f"record {i}: field 'text' is missing or not a string.")
                if isinstance(value, str) and value.strip():
                    parts.append(value)
            text = "\n\n".join(parts)
            texts.append(mark_negation_scope(text) if self.negation_scope else text)
        return texts

    def _fit_features(self, records: Sequence[Any]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = self._texts(records)
        self.encoder = StructuredEncoder(self.structured_fields).fit(records)
        for min_df in dict.fromkeys((self.min_df, 1)):
            vectorizer = TfidfVectorizer(
                ngram_range=self.ngram_range,
                min_df=min_df,
                max_features=self.max_features,
                sublinear_tf=self.sublinear_tf,
                dtype=np.float64,
            )
            try:
                vectorizer.fit(texts)
            except ValueError:  # empty vocabulary: every n-gram below min_df
                continue
            self.vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
            self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
            break
        else:
            raise UserError(f"{self.name}: the training notes hold no words to build TF-IDF from.")
        return self._features(records, texts)

    def _tfidf(self, texts: list[str]) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        assert self.idf is not None
        # One counter per vocabulary: a CountVectorizer handed a vocabulary checks all of it
        # (every n-gram and index) on each transform until it is fitted. Built afresh per call,
        # that check was 16 ms of a served note's 160 ms; fitted once on no documents it is done.
        if self._counter is None or self._counter[0] is not self.vocabulary:
            counter = CountVectorizer(
                ngram_range=self.ngram_range, vocabulary=self.vocabulary, dtype=np.float64
            ).fit([])
            self._counter = (self.vocabulary, counter)
        counts = self._counter[1].transform(texts).tocsr()
        if self.sublinear_tf:
            counts.data = 1.0 + np.log(counts.data)
        counts = counts.multiply(self.idf.reshape(1, -1)).tocsr()
        return normalize(counts, norm="l2", copy=False)

    def _features(self, records: Sequence[Any], texts: list[str] | None = None) -> Any:
        from scipy import sparse

        assert self.encoder is not None
        texts = self._texts(records) if texts is None else texts
        structured = sparse.csr_matrix(self.encoder.transform(records).astype(np.float64))
        return sparse.hstack([self._tfidf(texts), structured], format="csr")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: vocabulary, idf, encoder, coefficients and intercepts."""
        data = self._base_dict()
        assert self.idf is not None
        data.update(
            text_fields=list(self.text_fields),
            ngram_range=list(self.ngram_range),
            sublinear_tf=self.sublinear_tf,
            negation_scope=self.negation_scope,
            vocabulary=self.vocabulary,
            idf=self.idf.tolist(),
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TfidfLogisticBaseline:
        _check_format(data, cls.name)
        model = cls(
            labels=data["labels"],
            c_grid=data.get("c_grid", DEFAULT_C_GRID),
            text_fields=data.get("text_fields", ("text",)),
            ngram_range=tuple(data.get("ngram_range", (1, 3))),
            sublinear_tf=bool(data.get("sublinear_tf", True)),
            negation_scope=bool(data.get("negation_scope", False)),
        )
        model._load_base(data)
        model.vocabulary = {str(k): int(v) for k, v in data["vocabulary"].items()}
        model.idf = np.asarray(data["idf"], dtype=np.float64)
        return model


class PooledEmbeddingBaseline(_Baseline):
    """Frozen-encoder sentence vectors, mean- and max-pooled per note, beside structured fields.

    ``vectors`` maps sentence texts (:func:`~referral_nlp.modeling.sentences.note_sentences`)
    to the pretrained encoder's vectors (the caller's cache). Features are standardised on the
    training split so one ``C`` fits both halves. Evaluation-time only: it is refitted on every
    evaluation and not serialised.
    """

    name = "frozen_embedding_lr"

    def __init__(
        self,
        vectors: Any,
        *,
        text_fields: Sequence[str] = ("text",),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.vectors = vectors
        self.text_fields = tuple(text_fields)
        self.mean: np.ndarray | None = None
        self.scale: np.ndarray | None = None

    # Its sentence vectors come from the caller, which no digest can see: never reused.
    _FITTED_STATE = ()

    def _pooled(self, records: Sequence[Any]) -> np.ndarray:
        from referral_nlp.modeling.sentences import note_sentences

        notes = [note_sentences(r, self.text_fields) for r in records]
        unique = list(dict.fromkeys(s for note in notes for s in note))
        where = {s: i for i, s in enumerate(unique)}
        table = np.asarray(self.vectors(unique), dtype=np.float64) if unique else None
        width = 0 if table is None else table.shape[1]
        out = np.zeros((len(notes), 2 * width))
        for i, note in enumerate(notes):
            if note and table is not None:
                rows = table[[where[s] for s in note]]
                out[i] = np.concatenate([rows.mean(axis=0), rows.max(axis=0)])
        return out

    def _fit_features(self, records: Sequence[Any]) -> np.ndarray:
        self.encoder = StructuredEncoder(self.structured_fields).fit(records)
        raw = self._raw(records)
        self.mean, self.scale = raw.mean(axis=0), raw.std(axis=0) + 1e-6
        return (raw - self.mean) / self.scale

    def _raw(self, records: Sequence[Any]) -> np.ndarray:
        assert self.encoder is not None
        structured = self.encoder.transform(records).astype(np.float64)
        return np.hstack([self._pooled(records), structured])

    def _features(self, records: Sequence[Any]) -> np.ndarray:
        assert self.mean is not None and self.scale is not None
        return (self._raw(records) - self.mean) / self.scale


def _check_format(data: Mapping[str, Any], name: str) -> None:
    if data.get("format") != BASELINE_FORMAT or data.get("name") != name:
        raise UserError(
            f"baseline: expected format {BASELINE_FORMAT!r} name {name!r}, got "
            f"{data.get('format')!r} name {data.get('name')!r}."
        )


def baseline_from_dict(
    data: Mapping[str, Any],
) -> StructuredLogisticBaseline | TfidfLogisticBaseline:
    """Rebuild either baseline from its ``to_dict`` form (dispatching on ``name``)."""
    for cls in (StructuredLogisticBaseline, TfidfLogisticBaseline):
        if data.get("name") == cls.name:
            return cls.from_dict(data)
    raise UserError(f"baseline: unknown name {data.get('name')!r}.")
