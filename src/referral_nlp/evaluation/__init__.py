"""Evaluation: labelled PII data and redaction scores (span recall, precision, F2, over-redaction).

Definitions of the measures are in :mod:`referral_nlp.evaluation.redaction_metrics`.
"""

from referral_nlp.evaluation.pii_datasets import (
    GoldSpan,
    LabelledDocument,
    load_labelled,
    load_pii_jsonl,
    load_presidio_research,
    load_tab,
)
from referral_nlp.evaluation.redaction_metrics import (
    RedactionScores,
    TypeRecall,
    format_scores_table,
    score_redaction,
)

__all__ = [
    "GoldSpan",
    "LabelledDocument",
    "RedactionScores",
    "TypeRecall",
    "format_scores_table",
    "load_labelled",
    "load_pii_jsonl",
    "load_presidio_research",
    "load_tab",
    "score_redaction",
]
