"""A card's plain-language wording: fixed phrases, and the sentences that read out the numbers.

The phrases (what each outcome means, what each compared model is, what the model is for and
not for) are written once here; the sentences say what an operating point or an outcome's
metrics mean for a reader ("out of 100 cases the model flags ...") from the numbers of
:mod:`~referral_nlp.cards.content`.
"""

from __future__ import annotations

from dataclasses import dataclass

from referral_nlp.cards.content import EvaluationData, LabelResult, OperatingPointResult
from referral_nlp.cards.formatting import fmt_num, fmt_pct, per100

__all__ = [
    "ATTRIBUTE_DISPLAY",
    "INTENDED_USE",
    "INTENDED_USERS",
    "LABEL_INFO",
    "MODEL_DISPLAY",
    "OUT_OF_SCOPE",
    "LabelInfo",
    "label_sentences",
    "model_display",
    "point_sentences",
]


# ---- outcomes, compared models, group attributes ------------------------------------------------
@dataclass(frozen=True)
class LabelInfo:
    title: str
    definition: str
    outcome: str  # verb phrase after a plural: "cases that {outcome}"
    outcome_one: str  # the same after a singular: "one case that {outcome_one}"


LABEL_INFO: dict[str, LabelInfo] = {
    "re_referral_12m": LabelInfo(
        "Re-referral within 12 months",
        "A new referral for the same child within 12 months (365 days) of the case's closure date.",
        "were re-referred within 12 months",
        "was re-referred within 12 months",
    ),
    "escalation_12m": LabelInfo(
        "Escalation within 12 months",
        "Within 12 months (365 days) of the closure date the child becomes subject to a "
        "section 47 enquiry or a child protection plan, or becomes looked after.",
        "escalated within 12 months (a section 47 enquiry, a child protection plan or care)",
        "escalated within 12 months (a section 47 enquiry, a child protection plan or care)",
    ),
}

MODEL_DISPLAY = {
    "model": "this model (transformer + n-gram hybrid, as shipped)",
    "transformer_part": "this model's transformer part alone (ablation)",
    "structured_lr": "structured fields only, logistic regression",
    "tfidf_lr": (
        "TF-IDF text + structured, logistic regression (this model without its transformer)"
    ),
    "frozen_embedding_lr": "frozen encoder sentence vectors + structured, logistic regression",
    "oracle": "oracle (the generator's true probabilities)",
}


def model_display(name: str, tfidf_lr_is_model_ngram_part: bool | None = None) -> str:
    """How the card names a model. ``tfidf_lr`` is "this model without its transformer" only
    where the evaluation took it from the model (or did not say): refitted on another corpus,
    it is the same recipe on other records."""
    if name == "tfidf_lr" and tfidf_lr_is_model_ngram_part is False:
        return (
            "TF-IDF text + structured, logistic regression (the n-gram recipe, fitted for this "
            "evaluation: not this model's own n-gram part)"
        )
    return MODEL_DISPLAY.get(name, name)


ATTRIBUTE_DISPLAY = {
    "child_sex": "sex",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "age_band": "age band",
    "disability": "disability",
    "deprivation": "deprivation quintile",
    "deprivation_quintile": "deprivation quintile",
}


# ---- fixed text ---------------------------------------------------------------------------------
INTENDED_USE = (
    "Decision support at case closure: when a children's social care case is about to be "
    "closed, the model estimates how likely it is to come back (re-referral within 12 months) "
    "and to come back worse (escalation within 12 months).",
    "The estimate helps a reviewer decide whether to keep the case open, step down to early "
    "help with a follow-up, or close with confidence. The reviewer also sees the redacted note, "
    "the sentences that moved the score and the model version.",
    "Calibrated probabilities are meant to be read as rates: of many cases given 30%, about 30 "
    "in 100 would have the outcome. The bands (low, medium, high) are reading aids, not "
    "instructions.",
)
INTENDED_USERS = (
    "Case reviewers: social workers and team managers reviewing a case before closure.",
    "ML engineers in a council data team, who retrain and re-evaluate the model on the "
    "council's own data.",
    "Governance reviewers (data protection officer, ethics board), who decide from this card "
    "whether the model may be used, and audit its use.",
)
OUT_OF_SCOPE = (
    "Making or automating any decision about a child or family. The model never makes or "
    "automates a decision about a family: it supports a reviewer, who decides.",
    "Front-door screening of new contacts, deciding whether to open a section 47 enquiry, or "
    "prioritising families for investigation.",
    "Evidence in court, eligibility for services or benefits, or any decision outside the "
    "closure review it was evaluated for.",
    "Judging an individual practitioner, team or family's worth; sharing scores with other "
    "agencies as intelligence.",
    "Cases outside children's social care in England, or data whose fields and recording "
    "practice differ from the data it was evaluated on, until it is re-evaluated there.",
    "Scoring unredacted text outside this pipeline, or any use that stores the note text with "
    "the score.",
)


# ---- sentences from the numbers -----------------------------------------------------------------
def point_sentences(p: OperatingPointResult, info: LabelInfo, conf: int) -> list[str]:
    out = [
        f"Operating point {p.name}: {p.description}; a case is flagged when its calibrated "
        f"probability is at least {fmt_num(p.threshold)}."
    ]
    if not p.reachable and p.note:
        out.append(f"The target was not met on validation: {p.note}.")
    if p.flag_rate is not None:
        out.append(f"On the test data it flagged about {per100(p.flag_rate)} in every 100 cases.")
    if p.precision is None:
        out.append("It flagged no test cases, so how often its flags are right is unknown.")
    else:
        ci = (
            f" ({conf}% interval {per100(p.precision_ci[0])} to {per100(p.precision_ci[1])})"
            if p.precision_ci
            else ""
        )
        out.append(
            f"Out of 100 cases the model flags at this point, about {per100(p.precision)} "
            f"{info.outcome}{ci}; the rest did not."
        )
    if p.recall is not None:
        ci = (
            f" ({conf}% interval {per100(p.recall_ci[0])} to {per100(p.recall_ci[1])})"
            if p.recall_ci
            else ""
        )
        out.append(
            f"Of every 100 cases that {info.outcome}, it flagged about {per100(p.recall)}"
            f"{ci} and missed about {round(100 - 100 * p.recall)}."
        )
    if (
        p.served_threshold is not None
        and p.threshold is not None
        and abs(p.served_threshold - p.threshold) > 0.01
    ):
        out.append(
            f"The service bands scores with the threshold stored in the artefact "
            f"({fmt_num(p.served_threshold)}), which differs from the one evaluated here."
        )
    return out


def label_sentences(
    label: LabelResult, evaluation: EvaluationData, oracle_auc: float | None
) -> list[str]:
    conf = evaluation.confidence
    out = []
    if label.prevalence_test is not None:
        out.append(
            f"In the test data, {per100(label.prevalence_test)} in every 100 closed cases "
            f"{label.outcome}."
        )
    auc = label.calibrated.get("auroc")
    if auc and auc.value is not None:
        ci = (
            f" ({conf}% interval {fmt_pct(auc.low)} to {fmt_pct(auc.high)})"
            if auc.low is not None and auc.high is not None
            else ""
        )
        out.append(
            f"Given one case that {label.outcome_one} and one that did not, the model gives the "
            f"first a higher score {fmt_pct(auc.value)} of the time{ci}; 50% would be a coin "
            "toss and 100% perfect ranking."
        )
    ece = label.calibrated.get("ece")
    raw = label.uncalibrated.get("ece")
    if ece and ece.value is not None:
        # One decimal, unless that would print a missed target as equal to it ("3.0 against
        # at most 3.0, NOT met"): then two, so the reader sees why.
        places = 1
        if (
            label.ece_target is not None
            and not label.ece_met
            and f"{100 * ece.value:.1f}" == f"{100 * label.ece_target:.1f}"
        ):
            places = 2
        text = (
            f"After calibration, the probabilities it states are off by about "
            f"{100 * ece.value:.{places}f} percentage points on average"
        )
        if ece.low is not None and ece.high is not None:
            text += f" ({conf}% interval {100 * ece.low:.1f} to {100 * ece.high:.1f})"
        if label.ece_target is not None:
            verdict = "met" if label.ece_met else "NOT met"
            text += f"; the target is at most {100 * label.ece_target:.1f} ({verdict})"
        if raw and raw.value is not None:
            text += f". Before calibration they were off by {100 * raw.value:.1f}"
        out.append(text + ".")
    if oracle_auc is not None and auc and auc.value is not None and oracle_auc > 0.5:
        share = (auc.value - 0.5) / (oracle_auc - 0.5)
        out.append(
            f"On this synthetic data the best any model could do (the generator's own "
            f"probabilities) is an AUROC of {fmt_num(oracle_auc)}; this model covers "
            f"{fmt_pct(share)} of the distance from chance to that ceiling."
        )
    return out
