"""Nested training state (optimiser, schedule, RNG) as safetensors + JSON, never pickle.

``torch.save`` pickles, and unpickling a file can run code; checkpoints are shared between
machines and people like artefacts are, so they use the same formats: every tensor goes into
``NAME.safetensors`` under a generated key, and the structure around them (dicts with their key
types, lists, tuples, numbers, strings, None) into ``NAME.json`` with a placeholder where each
tensor stood. :func:`load_state` rebuilds the same object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer

__all__ = ["load_state", "save_state"]

STATE_FORMAT = "referral-nlp-state"
_TENSOR, _DICT, _TUPLE = "__tensor__", "__dict__", "__tuple__"


def _encode(value: Any, tensors: dict[str, torch.Tensor]) -> Any:
    if isinstance(value, torch.Tensor):
        key = f"t{len(tensors)}"
        tensors[key] = value.detach().cpu().contiguous()
        return {_TENSOR: key}
    if isinstance(value, dict):
        # Keys keep their type (an optimiser's state is keyed by int parameter index).
        return {_DICT: [[k, _encode(v, tensors)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(v, tensors) for v in value]}
    if isinstance(value, list):
        return [_encode(v, tensors) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(
        f"save_state: expected tensors, numbers, strings, None, dicts, lists or tuples, got "
        f"{type(value).__name__}; convert it to one of those first."
    )


def _decode(value: Any, tensors: dict[str, torch.Tensor]) -> Any:
    if isinstance(value, list):
        return [_decode(v, tensors) for v in value]
    if isinstance(value, dict):
        if _TENSOR in value:
            return tensors[value[_TENSOR]]
        if _DICT in value:
            return {k: _decode(v, tensors) for k, v in value[_DICT]}
        if _TUPLE in value:
            return tuple(_decode(v, tensors) for v in value[_TUPLE])
    return value


def save_state(state: Any, path: str | Path) -> None:
    """Write ``state`` to ``PATH.json`` and, when it holds tensors, ``PATH.safetensors``."""
    from safetensors.torch import save

    path = Path(path)
    tensors: dict[str, torch.Tensor] = {}
    structure = _encode(state, tensors)
    if tensors:
        with atomic_writer(path.with_suffix(".safetensors"), "wb") as fh:
            fh.write(save(tensors, metadata={"format": "pt"}))
    with atomic_writer(path.with_suffix(".json")) as fh:
        json.dump({"format": STATE_FORMAT, "version": 1, "state": structure}, fh)


def load_state(path: str | Path, device: str | torch.device = "cpu") -> Any:
    """The object :func:`save_state` wrote at ``path`` (tensors on ``device``)."""
    from safetensors.torch import load_file

    path = Path(path)
    data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise UserError(
            f"{path.with_suffix('.json')}: expected a {STATE_FORMAT} file written by "
            "save_state; the checkpoint is damaged or from another tool."
        )
    weights = path.with_suffix(".safetensors")
    tensors = load_file(str(weights), device=str(device)) if weights.is_file() else {}
    return _decode(data["state"], tensors)
