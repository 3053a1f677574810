"""The hybrid: the transformer's logits beside an n-gram model's, blended per label.

A bag of n-grams with the structured fields in a logistic regression (``tfidf_lr``)
is a strong reader of which concerns a note names; the transformer part
(:class:`~.model.ReferralRiskModel`) reads what the words mean in their sentence and next to
their neighbours (a concern said to be historic, negated or escalating). Each sees what the
other misses, so the shipped model adds their logits. Each label's blend reads every label's
logits from both parts (``across_labels``, the default)::

    logit[label] = sum over parts p and labels s of w[label, p, s] * p_logit[s] + bias[label]

because the labels are nested (every escalation follows a re-referral), so one label's score
carries evidence about the other: on the main job's corpus this raised both labels' test AUROC
by about 0.004, with intervals above 0. With ``across_labels`` off, a label reads its own two
logits only. The weights are fitted on the validation split (an unpenalised logistic
regression of the label on the logits, so the blend is also on the probability scale).

The n-gram component is the same recipe, fitted on the same training records, as the
``tfidf_lr`` baseline of the evaluation, and the evaluation gives every baseline the same
blend over its own logits (:meth:`Blend.fit` with one part): the report's ``tfidf_lr`` row is
exactly this model without its transformer, so what the transformer adds is measured, not
assumed.

Files in the artefact: ``ngram_component.json`` (vocabulary, idf, coefficients: plain JSON) and
``blend.json`` (version 2; a version 1 file, one weight per part for the label's own logit,
still loads). An artefact without an n-gram component blends the transformer alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from referral_nlp.artifacts import BLEND_NAME, NGRAM_NAME
from referral_nlp.io import atomic_writer
from referral_nlp.modeling.blend import BLEND_FORMAT, Blend

__all__ = ["BLEND_FORMAT", "BLEND_NAME", "NGRAM_NAME", "Blend", "load_ngram", "save_ngram"]


def save_ngram(component: Any, path: str | Path) -> None:
    """Write a fitted :class:`~.baselines.TfidfLogisticBaseline` as plain JSON."""
    with atomic_writer(path) as fh:
        json.dump(component.to_dict(), fh)


def load_ngram(path: str | Path) -> Any:
    """Read the n-gram component written by :func:`save_ngram` (no code is loaded)."""
    from referral_nlp.modeling.baselines import TfidfLogisticBaseline

    return TfidfLogisticBaseline.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
