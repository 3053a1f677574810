"""Build a card's content from its parsed inputs: every section, in one pass.

:func:`content_from_dicts` takes what :func:`~referral_nlp.cards.sources.content_from_sources`
read (or a test's fixed dicts) and fills :class:`~referral_nlp.cards.content.ModelCardData`:
model details, results per outcome, training data, redaction, plots, the narrative parts, the
generated ATRS fields (then the deploying organisation's), the fairness section and the
data-ethics self-assessment. A missing **optional** input becomes an entry of
``not_available`` (the card says so where the section would be); a missing **required** one
becomes an entry of ``problems``, which validation reports as a failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from referral_nlp.cards.atrs import ATRSRecord
from referral_nlp.cards.atrs_generated import fill_atrs
from referral_nlp.cards.content import ModelCardData
from referral_nlp.cards.ethics import assess
from referral_nlp.cards.fairness_section import build_fairness_section
from referral_nlp.cards.narrative import (
    caveats_and_recommendations,
    ethical_considerations,
    factors,
)
from referral_nlp.cards.results import evaluation_results
from referral_nlp.cards.sections import (
    evaluation_plots,
    model_details,
    redaction_performance,
    training_data,
)
from referral_nlp.cards.wording import INTENDED_USE, INTENDED_USERS, OUT_OF_SCOPE
from referral_nlp.errors import UserError

__all__ = ["DEFAULT_EVAL_MODEL", "DEPLOYER_KEYS", "content_from_dicts"]

#: The model of eval.json that the card describes (the others are its comparisons).
DEFAULT_EVAL_MODEL = "model"
#: The top-level keys of the deploying organisation's file.
DEPLOYER_KEYS = ("atrs", "training_data")


def content_from_dicts(
    *,
    manifest: Mapping[str, Any],
    model_config: Mapping[str, Any],
    eval_data: Mapping[str, Any] | None,
    encoder_config: Mapping[str, Any] | None = None,
    structured_encoder: Mapping[str, Any] | None = None,
    training_run: Mapping[str, Any] | None = None,
    operating_points: Mapping[str, Any] | None = None,
    calibration: Mapping[str, Any] | None = None,
    data_card_text: str | None = None,
    data_card_name: str | None = None,
    redaction: Mapping[str, Any] | None = None,
    deployer: Mapping[str, Any] | None = None,
    plots_dir: str | Path | None = None,
    eval_model: str = DEFAULT_EVAL_MODEL,
    problems: Sequence[str] = (),
    not_available: Sequence[str] = (),
    card_generator: str | None = None,
) -> ModelCardData:
    """Build the content from parsed inputs (what :func:`.sources.content_from_sources` read).

    ``card_generator`` replaces "referral-nlp <installed version>" in the card (tests pin
    it so a golden file does not change with the package version).
    """
    problems = list(problems)
    missing = list(not_available)
    deployer = dict(deployer or {})
    unknown = sorted(set(deployer) - set(DEPLOYER_KEYS))
    if unknown:
        raise UserError(
            f"deployer: unknown key(s) {unknown}; expected some of {list(DEPLOYER_KEYS)}."
        )
    training_run = training_run or None
    if training_run is None:
        missing.append(
            "Training run record (training_run.json): training date, hyperparameters, data "
            "fingerprints and library versions are not available."
        )
    if operating_points is None:
        missing.append(
            "Served operating points (operating_points.json): the thresholds the service "
            "bands scores with are not in the artefact."
        )
    if calibration is None:
        missing.append(
            "Served calibration (calibration.json): the artefact has no calibration, so the "
            "service would report uncalibrated probabilities."
        )

    model = model_details(
        manifest,
        model_config,
        encoder_config or {},
        structured_encoder,
        training_run,
        problems,
    )
    if card_generator:
        model.card_generator = card_generator
    evaluation, labels, flags = evaluation_results(
        eval_data, eval_model, model, operating_points, calibration, problems
    )
    training = training_data(
        data_card_text, data_card_name, training_run, eval_data, deployer, missing
    )
    redaction_part = redaction_performance(redaction, training_run)
    if redaction is None:
        missing.append(
            "Redaction scores (referral-nlp redact-eval --json FILE): the redactor's recall "
            "and precision on labelled data are not in this card."
        )
    plots = evaluation_plots(eval_data, eval_model, plots_dir, missing)

    data = ModelCardData(
        model=model,
        intended_use=list(INTENDED_USE),
        intended_users=list(INTENDED_USERS),
        out_of_scope=list(OUT_OF_SCOPE)
        + (
            [
                "Use on real cases: this model was trained on synthetic data and must be "
                "retrained and re-evaluated on the deploying organisation's own records "
                "first."
            ]
            if training.synthetic
            else []
        ),
        factors=factors(evaluation),
        labels=labels,
        evaluation=evaluation,
        training_data=training,
        redaction=redaction_part,
        flags=flags,
        atrs=ATRSRecord(),
        ethics=None,
        ethical_considerations=ethical_considerations(training, flags),
        caveats=[],
        recommendations=[],
        plots=plots,
        not_available=missing,
        problems=problems,
        fairness=build_fairness_section(
            eval_data, eval_model, {label.name: label.title for label in labels}
        ),
    )
    data.caveats, data.recommendations = caveats_and_recommendations(data)
    fill_atrs(data)
    atrs_values = deployer.get("atrs") or {}
    if not isinstance(atrs_values, Mapping):
        raise UserError("deployer file: atrs: expected a mapping of ATRS field names.")
    data.atrs.apply_deployer(atrs_values)
    data.ethics = assess(data)
    return data
