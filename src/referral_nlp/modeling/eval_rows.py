"""The rows of ``referral-nlp evaluate``'s report: the shipped model, its parts, the baselines
and the oracle (one place for their names: the run, the summary and the card read them)."""

from __future__ import annotations

#: The shipped model (the hybrid, with its own calibration and operating points).
MODEL = "model"
#: Ablation: the model's transformer part alone (its n-gram part alone is ``tfidf_lr``).
TRANSFORMER_PART = "transformer_part"
STRUCTURED = "structured_lr"
TFIDF = "tfidf_lr"
FROZEN_EMBEDDING = "frozen_embedding_lr"
ORACLE = "oracle"
BASELINE_NAMES: tuple[str, ...] = (STRUCTURED, TFIDF, FROZEN_EMBEDDING)
MODEL_NAMES: tuple[str, ...] = (MODEL, TRANSFORMER_PART, *BASELINE_NAMES, ORACLE)
ORACLE_COLUMNS: dict[str, str] = {
    "re_referral_12m": "oracle_re_referral",
    "escalation_12m": "oracle_escalation",
}
