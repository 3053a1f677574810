"""One logistic regression for several labels that share most of their evidence.

The labels are nested (every escalation follows a re-referral), so a word that raises one
mostly raises the other, and the rarer label (743 escalations among 10,877 training notes on
the main job's corpus) has too few positives to weigh 165,000 n-grams on its own: fitted
alone, its weights are the noisiest input of the blend (issue 11's notes, stops 40 and 45).

Daumé III's feature augmentation ("Frustratingly easy domain adaptation", ACL 2007) fits every
label at once: each label's rows carry the features twice, once in a block every label shares
and once, scaled by ``specific_scale``, in a block of its own, plus an indicator of the label
for its own intercept. One L2-penalised logistic regression over the stacked rows then gives
label ``j`` the weights ``shared + specific_scale * specific[j]``: evidence common to the labels
is learnt from all their rows, and a label departs from it only as far as its own rows pay for,
the more cheaply the larger ``specific_scale``. The result is one plain weight vector and
intercept per label, so a shared fit predicts, saves and serves exactly as separate fits do.

Written here rather than taken from a library: scikit-learn's multi-task estimators are for
regression (``MultiTaskLasso``), and the augmentation is a few lines over its
``LogisticRegression``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["SPECIFIC_SCALE", "augment", "fit_shared", "split_weights"]

#: How far a label's own weights may depart from the shared ones. 0 gives every label the same
#: weights (only the intercepts differ); a large value gives each label its own fit. Chosen on
#: the main job's validation split (n-gram part, C=1): log loss is flat from 0.1 to 0.3
#: (escalation 0.2262-0.2266, re-referral 0.4849-0.4854) and worse at 0 (0.2279 / 0.4860), 0.5
#: (0.2272 / 0.4859) and 1 (0.2285 / 0.4891); each label fitted alone reads 0.2313 / 0.4885.
SPECIFIC_SCALE = 0.25


def augment(x: Any, label_index: int, n_labels: int, specific_scale: float) -> Any:
    """Rows ``x`` of label ``label_index`` as ``[x, indicators, 0 .. scale * x .. 0]``.

    The indicators (one per label after the first) let a label's base rate differ from the
    first label's while fitting. Their coefficients are penalised like any weight, so
    :func:`fit_shared` re-estimates every label's intercept afterwards.
    """
    from scipy import sparse

    n, d = x.shape
    indicators = np.zeros((n, n_labels - 1))
    if label_index:
        indicators[:, label_index - 1] = 1.0
    if sparse.issparse(x):
        blocks = [sparse.csr_matrix((n, d)) for _ in range(n_labels)]
        blocks[label_index] = sparse.csr_matrix(x) * specific_scale
        return sparse.hstack([x, sparse.csr_matrix(indicators), *blocks], format="csr")
    blocks = [np.zeros((n, d)) for _ in range(n_labels)]
    blocks[label_index] = np.asarray(x) * specific_scale
    return np.hstack([np.asarray(x), indicators, *blocks])


def split_weights(
    coef: np.ndarray, intercept: float, d: int, n_labels: int, specific_scale: float
) -> list[tuple[np.ndarray, float]]:
    """Each label's ``(weights, intercept)`` over the original ``d`` features."""
    shared, offsets = coef[:d], coef[d : d + n_labels - 1]
    out = []
    for j in range(n_labels):
        start = d + n_labels - 1 + j * d
        weights = shared + specific_scale * coef[start : start + d]
        out.append((weights, intercept + (float(offsets[j - 1]) if j else 0.0)))
    return out


def fit_shared(
    x: Any,
    tasks: Sequence[tuple[np.ndarray, np.ndarray]],
    c: float,
    *,
    seed: int,
    max_iter: int,
    specific_scale: float = SPECIFIC_SCALE,
) -> list[tuple[np.ndarray, float]]:
    """Fit all labels at once; ``tasks`` holds each label's ``(rows of x, 0/1 labels)``.

    Returns each label's ``(weights, intercept)`` over ``x``'s columns, in ``tasks`` order.
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    if len(tasks) < 2:
        raise ValueError(f"fit_shared: expected at least two labels' rows, got {len(tasks)}.")
    if specific_scale < 0:
        raise ValueError(f"specific_scale: expected 0 or more, got {specific_scale}.")
    parts = [augment(x[rows], j, len(tasks), specific_scale) for j, (rows, _) in enumerate(tasks)]
    stacked = sparse.vstack(parts, format="csr") if sparse.issparse(x) else np.vstack(parts)
    y = np.concatenate([np.asarray(labels) for _, labels in tasks])
    lr = LogisticRegression(C=c, max_iter=max_iter, random_state=seed).fit(stacked, y)
    fits = split_weights(
        lr.coef_[0].astype(np.float64),
        float(lr.intercept_[0]),
        x.shape[1],
        len(tasks),
        specific_scale,
    )
    # The penalty shrinks the gap between the labels' base rates (the indicator weights), so a
    # rare label would be over-predicted at strong penalties (0.185 for a 0.048 rate at
    # C=0.001). A label fitted alone has an unpenalised intercept; so does each label here.
    return [
        (weights, _intercept(np.asarray(x[rows] @ weights).reshape(-1), np.asarray(labels)))
        for (weights, _), (rows, labels) in zip(fits, tasks, strict=True)
    ]


def _intercept(offset: np.ndarray, y: np.ndarray) -> float:
    """The maximum-likelihood intercept of a logistic model whose other terms are ``offset``:
    where the mean predicted probability equals the observed rate."""
    from scipy.optimize import brentq
    from scipy.special import expit

    rate = float(np.mean(y))
    if not 0.0 < rate < 1.0:
        raise ValueError(f"fit_shared: a label needs both outcomes, got a rate of {rate}.")
    # Monotone in b, negative at the lower end and positive at the upper: one root between.
    span = float(np.max(np.abs(offset))) + 50.0
    return float(brentq(lambda b: float(np.mean(expit(offset + b))) - rate, -span, span))
