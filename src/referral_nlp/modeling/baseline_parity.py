"""Every step the model gets, the baselines and the ablation rows get too.

The evaluation compares the shipped model with baselines at full strength. Two of the model's
steps are not "more data" and so must be given to the comparison explicitly:

* the **blend across labels** (:class:`~.blend.Blend`): when the artefact's blend reads both
  labels' logits, each baseline blends its own label logits the same way on validation, and
  so does the transformer part's ablation row (:func:`blends_across_labels`,
  :func:`blend_across_labels`);
* the **n-gram recipe**: ``tfidf_lr`` takes the settings of the artefact's own n-gram part
  (:func:`ngram_part`, :func:`ngram_recipe`), so that row is exactly the model without its
  transformer; fitted on the same records, it *is* that part, and is taken rather than refitted;
* **labels sharing weights** (:mod:`~.shared_weights`): when the artefact's n-gram part was
  offered its labels fitted in one regression, every baseline is offered the same, and
  validation picks per label for each (:func:`shares_label_weights`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from referral_nlp.errors import UserError

if TYPE_CHECKING:
    from referral_nlp.modeling.baselines import TfidfLogisticBaseline

__all__ = [
    "blend_across_labels",
    "blends_across_labels",
    "ngram_part",
    "ngram_recipe",
    "shares_label_weights",
]


def blends_across_labels(model_dir: str | Path | None) -> bool:
    """Whether the baselines blend each label's logits with the others' on validation.

    As the model does, so that the comparison is like for like: read from the artefact's
    ``blend.json`` (an artefact without one, or from before version 2, does not); with no model
    the baselines get the training default.
    """
    from referral_nlp.artifacts import BLEND_NAME
    from referral_nlp.modeling.blend import Blend
    from referral_nlp.modeling.training.config import TrainingConfig

    if model_dir is None:
        return TrainingConfig.blend_across_labels
    path = Path(model_dir) / BLEND_NAME
    return path.is_file() and Blend.load(path).across_labels


def blend_across_labels(
    name: str,
    labels: Sequence[str],
    y_val: Mapping[str, np.ndarray],
    scores_val: dict[str, dict[str, np.ndarray]],
    scores_test: dict[str, dict[str, np.ndarray]],
) -> None:
    """Replace ``name``'s logits by a blend of all its labels' logits fitted on validation."""
    from referral_nlp.modeling.blend import Blend

    y = np.column_stack([y_val[label] for label in labels]).astype(np.float64)
    blend = Blend.fit_by_label(labels, y, name, scores_val[name])
    for scores in (scores_val, scores_test):
        scores[name] = blend.combine_by_label(labels, name, scores[name])


def ngram_part(model_dir: str | Path | None) -> TfidfLogisticBaseline | None:
    """The artefact's fitted n-gram part (None with no model, or a model without one).

    Read once per evaluation: ``tfidf_lr`` takes its recipe (:func:`ngram_recipe`), its
    offer of shared weights (:func:`shares_label_weights`) and, where it was fitted on the same
    records, its heads (``reuse`` in :meth:`~.baselines._Baseline.fit`).
    """
    from referral_nlp.artifacts import NGRAM_NAME
    from referral_nlp.modeling.baselines import TfidfLogisticBaseline

    path = None if model_dir is None else Path(model_dir) / NGRAM_NAME
    if path is None or not path.is_file():
        return None
    try:
        return TfidfLogisticBaseline.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (KeyError, TypeError, ValueError, UserError) as exc:
        raise UserError(f"{path}: malformed n-gram component ({type(exc).__name__}).") from exc


def shares_label_weights(model_dir: str | Path | None, part: TfidfLogisticBaseline | None) -> bool:
    """Whether the baselines fit their labels in one regression with shared weights.

    As the artefact's n-gram ``part`` did (:func:`ngram_part`; an artefact without one, or from
    before the option, did not); with no model the baselines get the training default.
    """
    from referral_nlp.modeling.training.config import TrainingConfig

    if model_dir is None:
        return TrainingConfig.share_label_weights
    return part is not None and part.share_labels


def ngram_recipe(part: TfidfLogisticBaseline | None, text_fields: Sequence[str]) -> dict[str, Any]:
    """``TfidfLogisticBaseline`` settings of the artefact's n-gram ``part``, so ``tfidf_lr`` is
    that part's recipe exactly (negation marking, n-gram range, term frequency, text and
    structured fields); the defaults where the artefact has none."""
    if part is None or part.encoder is None:
        return {"text_fields": tuple(text_fields)}
    return {
        "text_fields": part.text_fields,
        "ngram_range": part.ngram_range,
        "sublinear_tf": part.sublinear_tf,
        "negation_scope": part.negation_scope,
        "share_labels": part.share_labels,
        "structured_fields": part.encoder.fields,
    }
