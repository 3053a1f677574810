"""Package exports that load their module on first use (PEP 562 ``__getattr__``).

``referral_nlp.modeling`` and ``referral_nlp.modeling.training`` re-export names whose modules
import torch and transformers; loading those eagerly would make every import of a light module
in the package (the feature encoder, the training config) take seconds. Written here once
rather than in each package; ``tests/test_architecture.py`` checks every export resolves.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``package.<exports[name]>`` and
    returns its ``name`` the first time the name is asked for."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
