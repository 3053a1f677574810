"""Evaluation: labelled PII data and redaction scores (span recall, precision, F2, over-redaction).

Definitions of the measures are in :mod:`referral_nlp.evaluation.redaction_metrics`.

Classification evaluation of the risk models (numpy only, no torch): metrics with bootstrap
intervals (:mod:`.classification_metrics`), calibration fitted on validation
(:mod:`.calibration`), operating points (:mod:`.operating_points`), fairness across groups
(:mod:`.fairness`), plots (:mod:`.plots`) and the ``eval.json`` report (:mod:`.report`).
"""

from referral_nlp.evaluation.calibration import (
    IsotonicCalibrator,
    TemperatureScaler,
    calibrator_from_dict,
    fit_best_calibrator,
)
from referral_nlp.evaluation.classification_metrics import MetricWithCI, binary_metrics
from referral_nlp.evaluation.fairness import FairnessResult, FairnessSettings, fairness_analysis
from referral_nlp.evaluation.operating_points import (
    OperatingPoint,
    evaluate_at_threshold,
    threshold_for_capacity,
    threshold_for_precision,
)
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
from referral_nlp.evaluation.report import (
    EvaluationReport,
    EvaluationSettings,
    SplitPredictions,
    read_eval_json,
)

__all__ = [
    "EvaluationReport",
    "EvaluationSettings",
    "FairnessResult",
    "FairnessSettings",
    "GoldSpan",
    "IsotonicCalibrator",
    "LabelledDocument",
    "MetricWithCI",
    "OperatingPoint",
    "RedactionScores",
    "SplitPredictions",
    "TemperatureScaler",
    "TypeRecall",
    "binary_metrics",
    "calibrator_from_dict",
    "evaluate_at_threshold",
    "fairness_analysis",
    "fit_best_calibrator",
    "format_scores_table",
    "load_labelled",
    "load_pii_jsonl",
    "load_presidio_research",
    "load_tab",
    "read_eval_json",
    "score_redaction",
    "threshold_for_capacity",
    "threshold_for_precision",
]
