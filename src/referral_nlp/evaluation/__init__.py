"""Evaluation: how good the redaction and the risk models are.

- Redaction: labelled PII data (:mod:`.pii_datasets`) and span scores (:mod:`.redaction_metrics`:
  recall, precision, F2, over-redaction).
- Risk models (numpy only, no torch): fairness across groups (:mod:`.fairness`), plots
  (:mod:`.plots`), the comparison with baselines (:mod:`.comparison`) and the ``eval.json``
  report (:mod:`.report`).

Layers: the metrics with their bootstrap intervals (:mod:`referral_nlp.classification_metrics`)
sit below both this package and :mod:`referral_nlp.decision` (calibration, operating points and
bands, which ship with a model); this package uses both, and neither imports it. It re-exports
nothing, so importing one of its modules loads only what that module needs.
"""
