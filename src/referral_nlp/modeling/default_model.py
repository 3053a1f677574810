"""Where the default model lives: the artefact the main job trains and ``predict``/``serve`` use.

Resolution order (first that applies):

1. an explicit directory (``--model DIR``), used as given;
2. the environment variable ``REFERRAL_NLP_MODEL_DIR``;
3. ``.referral-nlp/models/default`` under the current working directory.

The third mirrors the keys file (``.referral-nlp/keys.json`` under the working directory): the
main job runs from the repository root, so the default model lands in
``<repo>/.referral-nlp/models/default`` (git-ignored), and a deployment that runs elsewhere sets
the environment variable. Nothing here searches parent directories: where a model comes from
must be predictable, because the model version is recorded with every score.

A missing model is a :class:`ModelNotFoundError` (a ``ValueError``, so the CLI prints one line
and exits 2) that says how to make one. :func:`promote` installs a trained model as the default
(``referral-nlp promote``), verified and renamed into place, keeping the one it replaces.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from referral_nlp.artifacts import MANIFEST_NAME, WEIGHTS_NAME, artefact_version, verify_manifest
from referral_nlp.errors import UserError
from referral_nlp.io import InputError
from referral_nlp.scratch import discard, scratch_folder

__all__ = [
    "DEFAULT_MODEL_RELATIVE",
    "MODEL_DIR_ENV",
    "ModelNotFoundError",
    "default_model_dir",
    "promote",
    "resolve_model_dir",
]

MODEL_DIR_ENV = "REFERRAL_NLP_MODEL_DIR"
DEFAULT_MODEL_RELATIVE = Path(".referral-nlp") / "models" / "default"
_HOW_TO = (
    "run the main job (bash scripts/main.sh), or train one and install it with "
    "`referral-nlp promote --model RUN/model`"
)
#: Beside the default model after a promotion: the model it replaced, to go back to.
PREVIOUS_SUFFIX = ".previous"


class ModelNotFoundError(InputError):
    """No model artefact where one was expected; the message says how to make one."""


def default_model_dir(cwd: str | Path | None = None) -> Path:
    """``$REFERRAL_NLP_MODEL_DIR`` if set, else ``<cwd>/.referral-nlp/models/default``.

    The directory need not exist; :func:`resolve_model_dir` checks.
    """
    env = os.environ.get(MODEL_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(cwd if cwd is not None else Path.cwd()) / DEFAULT_MODEL_RELATIVE


def _looks_like_artefact(directory: Path) -> bool:
    return (directory / MANIFEST_NAME).is_file() or (directory / WEIGHTS_NAME).is_file()


def resolve_model_dir(model: str | Path | None = None, *, cwd: str | Path | None = None) -> Path:
    """The model directory to load: ``model`` if given, else the default; checked to exist.

    Raises :class:`ModelNotFoundError` naming the directory, where it came from and what to do.
    The artefact's integrity (manifest checksums) is checked later, when it is loaded.
    """
    if model is not None:
        directory, origin = Path(model).expanduser(), "--model"
    else:
        directory = default_model_dir(cwd)
        origin = MODEL_DIR_ENV if os.environ.get(MODEL_DIR_ENV, "").strip() else "default model"
    if not directory.is_dir():
        if model is not None:
            raise ModelNotFoundError(f"{directory}: no such model directory ({origin}).")
        raise ModelNotFoundError(
            f"no default model at {directory} ({origin}); {_HOW_TO}, or pass --model DIR "
            f"(or set {MODEL_DIR_ENV})."
        )
    if not _looks_like_artefact(directory):
        raise ModelNotFoundError(
            f"{directory}: not a referral-nlp model artefact (no manifest.json or "
            f"model.safetensors); {_HOW_TO}, or pass --model DIR pointing at a trained model."
        )
    return directory


def promote(model: str | Path, *, target: str | Path | None = None) -> tuple[str, str | None]:
    """Install the artefact ``model`` as the default model (or at ``target``).

    The artefact's manifest is verified, it is copied beside the target and verified again; then
    the model at the target is moved aside and the copy renamed into its place (two renames on
    one file system: a reader between them finds no model for that instant, never half of one).
    The model it replaces is kept as ``<target>.previous`` (one generation), so a promotion is
    undone by promoting that. A target, or a ``.previous``, that holds something other than a
    model is refused, never moved or deleted. Returns the new and the replaced versions.
    """
    source = Path(model).expanduser()
    target = Path(target).expanduser() if target is not None else default_model_dir()
    previous = target.with_name(target.name + PREVIOUS_SUFFIX)
    if not _looks_like_artefact(source):
        raise ModelNotFoundError(
            f"{source}: not a referral-nlp model artefact (no manifest.json); pass a training "
            "run's model/ folder."
        )
    if target.exists() and source.resolve() == target.resolve():
        raise InputError(f"{source}: that is already the model at {target}.")
    for place in (target, previous):
        if place.exists() and not (_looks_like_artefact(place) or _is_empty_dir(place)):
            raise InputError(
                f"{place}: holds something other than a referral-nlp model, and promote would "
                "replace it; name the model's own folder (for example "
                ".referral-nlp/models/default) or move it away."
            )
    version = artefact_version(verify_manifest(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = scratch_folder(target.parent, target.name)
    try:
        copy = Path(shutil.copytree(source, staging / "artefact"))
        verify_manifest(copy)  # the copy is what will be served
        replaced = None
        if target.exists():
            replaced = _version_or_damaged(target)
            if previous.exists():
                shutil.rmtree(previous)
            os.replace(target, previous)
        os.replace(copy, target)
    finally:
        discard(staging)
    return version, replaced


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _version_or_damaged(directory: Path) -> str:
    """A model's version, or what is wrong with it: a damaged default model is replaced, not a
    reason to refuse the model that repairs it."""
    try:
        return artefact_version(directory)
    except (UserError, OSError, ValueError):
        return "a damaged or empty model"
