"""Models in BentoML's model store: save an artefact under a tag, and find one by tag or path.

``referral-nlp store-model --model DIR`` copies a verified artefact into the local BentoML model
store (``$BENTOML_HOME/models``) and prints its tag; ``referral-nlp serve --model TAG`` (or
``REFERRAL_NLP_MODEL_DIR=TAG``) serves it. The artefact's own sha256 manifest travels with it and
is checked again when the service loads it, so the store adds no trust of its own.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from referral_nlp.artifacts import WEIGHTS_NAME

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_STORE_NAME", "resolve_model", "save_to_store"]

DEFAULT_STORE_NAME = "referral-nlp"
#: The artefact's folder inside a stored model. BentoML writes its own ``model.yaml`` into the
#: stored model's folder, and the artefact's manifest refuses any file it does not list, so the
#: artefact sits one level down, beside nothing of BentoML's.
ARTEFACT_DIR = "artefact"
# A BentoML tag: a name, then optionally ":" and a version (or "latest").
_TAG = re.compile(r"^[a-z0-9][a-z0-9_.\-]*(?::[A-Za-z0-9_.\-]+)?$")


def save_to_store(model_dir: str | Path, name: str = DEFAULT_STORE_NAME) -> str:
    """Copy a verified artefact into BentoML's model store; returns the new tag."""
    import bentoml

    from referral_nlp.artifacts import read_manifest, verify_manifest

    directory = Path(model_dir)
    verify_manifest(directory)  # never store a tampered or incomplete artefact
    manifest = read_manifest(directory)
    weights = manifest["files"][WEIGHTS_NAME]["sha256"]
    with bentoml.models.create(
        name,
        labels={"project": "referral-nlp", "data": "see the model card"},
        metadata={"weights_sha256": weights},
    ) as stored:
        shutil.copytree(directory, Path(stored.path) / ARTEFACT_DIR)
    logger.info("stored model %s (weights sha256 %s)", stored.tag, weights[:12])
    return str(stored.tag)


def resolve_model(spec: str | Path | None) -> Path:
    """A model directory from a path, a BentoML tag, or nothing (the default model).

    A path that exists wins; otherwise a string shaped like a tag (``referral-nlp:latest``) is
    looked up in the BentoML model store. Anything else is a clear ``ValueError``.
    """
    from referral_nlp.modeling.default_model import ModelNotFoundError, resolve_model_dir

    if spec is None or Path(spec).expanduser().exists():
        return resolve_model_dir(spec)
    text = str(spec)
    if not _TAG.match(text):
        return resolve_model_dir(spec)  # raises: no such directory
    import bentoml
    from bentoml.exceptions import NotFound

    try:
        stored = bentoml.models.get(text)
    except NotFound:
        raise ModelNotFoundError(
            f"{text}: no such directory and no such model in the BentoML store; see "
            f"`bentoml models list`, or store one with `referral-nlp store-model --model DIR`."
        ) from None
    return resolve_model_dir(Path(stored.path) / ARTEFACT_DIR)
