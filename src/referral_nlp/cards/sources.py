"""Read every input of a model card from disk (never by hand).

:func:`content_from_sources` reads

* the model artefact (``save_pretrained``): ``manifest.json`` (verified first: a card never
  describes a tampered artefact), ``model_config.json``, ``encoder/config.json`` and, when
  present, ``structured_encoder.json``, ``training_run.json`` (config, data fingerprints,
  library versions, timings), ``operating_points.json``, ``calibration.json`` and
  ``int8_fidelity.json``;
* ``eval.json`` and its plots (``referral-nlp evaluate``), which must have evaluated **this**
  artefact (its ``data.description.model_version`` must match the artefact's version);
* the corpus data card (``data_card.md`` from ``referral-nlp synth``; found beside the
  training data when not given), the redaction scores (``referral-nlp redact-eval --json``)
  and the deploying organisation's YAML file (:func:`load_deployer`: ATRS fields only it can
  fill), all optional;

and hands them to :func:`~referral_nlp.cards.build.content_from_dicts`. A missing or
unreadable **required** input (manifest, model config, eval.json, the evaluation of the model)
becomes an entry of ``problems``, which :func:`~referral_nlp.cards.validation.validate_card`
reports as a failure.

Nothing here copies text from a case: eval.json holds aggregates only, the artefact holds
configuration and weights, and filesystem paths (which may carry a user or a council's name)
are never put in a card; files are named by their base name only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from referral_nlp.artifacts import (
    CALIBRATION_NAME,
    CONFIG_NAME,
    INT8_FIDELITY_NAME,
    OPERATING_POINTS_NAME,
    STRUCTURED_ENCODER_NAME,
    TRAINING_RUN_NAME,
    verify_manifest,
)
from referral_nlp.cards.build import DEFAULT_EVAL_MODEL, DEPLOYER_KEYS, content_from_dicts
from referral_nlp.cards.content import ModelCardData
from referral_nlp.cards.narrative import int8_caveat
from referral_nlp.data.splits import DATA_CARD_NAME
from referral_nlp.errors import UserError
from referral_nlp.io import read_settings_file

__all__ = ["content_from_sources", "load_deployer"]

# Artefact file names come from referral_nlp.artifacts (light: making a card never imports torch).
ENCODER_CONFIG = "encoder/config.json"


def content_from_sources(
    model_dir: str | Path,
    eval_dir: str | Path,
    *,
    data_card: str | Path | None = None,
    redaction_json: str | Path | None = None,
    deployer: str | Path | Mapping[str, Any] | None = None,
    eval_model: str = DEFAULT_EVAL_MODEL,
) -> ModelCardData:
    """Read every input (module docstring) and build the card's content.

    Raises ``ArtifactIntegrityError`` when the artefact does not match its manifest and
    :class:`~referral_nlp.errors.UserError` for a missing artefact directory, an unreadable
    optional file or a bad deployer file; every other missing required input is recorded in
    ``problems``.
    """
    model_dir = Path(model_dir)
    problems: list[str] = []
    if not model_dir.is_dir():
        raise UserError(f"{model_dir}: no such model artefact directory.")
    manifest = verify_manifest(model_dir)

    def artefact_json(name: str, required: bool) -> dict[str, Any] | None:
        path = model_dir / name
        if not path.is_file():
            if required:
                problems.append(f"model artefact: {name} is missing.")
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems.append(f"model artefact: {name} is not valid JSON.")
            return None
        return data if isinstance(data, dict) else None

    model_config = artefact_json(CONFIG_NAME, True) or {}
    encoder_config = artefact_json(ENCODER_CONFIG, False) or {}
    structured = artefact_json(STRUCTURED_ENCODER_NAME, False)
    training_run = artefact_json(TRAINING_RUN_NAME, False)
    operating_points = artefact_json(OPERATING_POINTS_NAME, False)
    calibration = artefact_json(CALIBRATION_NAME, False)
    int8_fidelity = artefact_json(INT8_FIDELITY_NAME, False)

    eval_path = Path(eval_dir)
    if eval_path.is_dir():
        eval_path = eval_path / "eval.json"
    eval_data: dict[str, Any] | None = None
    if not eval_path.is_file():
        problems.append(
            f"evaluation: no eval.json at {eval_path.parent.name}/{eval_path.name} "
            "(run `referral-nlp evaluate` on this model first)."
        )
    else:
        # Imported here: the evaluation package loads numpy and scipy (seconds), and only an
        # existing eval.json needs its reader.
        from referral_nlp.evaluation.report import read_eval_json

        try:
            eval_data = read_eval_json(eval_path)
        except ValueError as exc:
            problems.append(f"evaluation: {str(exc).replace(str(eval_path), eval_path.name)}")

    card_text, card_name = None, None
    if data_card is None and training_run:
        data_dir = (training_run.get("config") or {}).get("data_dir")
        if isinstance(data_dir, str) and (Path(data_dir) / DATA_CARD_NAME).is_file():
            data_card = Path(data_dir) / DATA_CARD_NAME
    if data_card is not None:
        path = Path(data_card)
        try:
            card_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise UserError(f"{path}: cannot read the data card.") from None
        card_name = path.name

    redaction = None
    if redaction_json is not None:
        path = Path(redaction_json)
        try:
            redaction = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UserError(f"{path}: no such redaction scores file.") from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise UserError(f"{path}: not valid JSON (expected redact-eval --json).") from None

    deployer_data = load_deployer(deployer) if isinstance(deployer, str | Path) else deployer
    card = content_from_dicts(
        manifest=manifest,
        model_config=model_config,
        eval_data=eval_data,
        encoder_config=encoder_config,
        structured_encoder=structured,
        training_run=training_run,
        operating_points=operating_points,
        calibration=calibration,
        data_card_text=card_text,
        data_card_name=card_name,
        redaction=redaction,
        deployer=deployer_data,
        plots_dir=eval_path.parent,
        eval_model=eval_model,
        problems=problems,
    )
    if int8_fidelity is not None:
        card.caveats.append(int8_caveat(int8_fidelity))
    return card


# ---- the deployer file --------------------------------------------------------------------------
def load_deployer(path: str | Path) -> dict[str, Any]:
    """The deploying organisation's YAML (or JSON) file: ``atrs`` and ``training_data``.

    ``atrs`` maps ATRS field names (see :func:`~referral_nlp.cards.atrs.atrs_field_specs`) to
    text; ``training_data`` may hold ``synthetic`` (true/false) and ``description``. Unknown
    keys are refused by name.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such deployer file.")
    # The reader's errors are UserErrors that name the file and the line, never the content.
    data = dict(read_settings_file(path, "deployer file"))
    unknown = sorted(set(data) - set(DEPLOYER_KEYS))
    if unknown:
        raise UserError(
            f"{path}: unknown key(s) {unknown}; expected some of {list(DEPLOYER_KEYS)}."
        )
    if "atrs" in data and not isinstance(data["atrs"], dict):
        raise UserError(f"{path}: atrs: expected a mapping of ATRS field names to text.")
    training = data.get("training_data")
    if training is not None:
        if not isinstance(training, dict) or set(training) - {"synthetic", "description"}:
            raise UserError(
                f"{path}: training_data: expected a mapping with 'synthetic' (true/false) and "
                "'description'."
            )
        if "synthetic" in training and not isinstance(training["synthetic"], bool):
            raise UserError(f"{path}: training_data.synthetic: expected true or false.")
    return data
