"""Stopping work that nobody waits for, and a time budget for explanations.

A worker scores one piece of work at a time (:class:`~referral_nlp.serving.engine.ReviewEngine`),
in a thread that asyncio cannot cancel. A client that sends a 100,000-character note and hangs
up would otherwise keep the worker busy for half a minute while every other request waits. So:

- the guard gives each request a :class:`RequestControl`; it is marked abandoned when the client
  disconnects or the request times out;
- the engine runs its work under :func:`stopping_when`, with a check that says whether to stop;
- :func:`checkpoint` raises :class:`WorkStopped` when the check says so. It is called before every
  module's forward pass in the model (a torch pre-hook) and between the spaCy components of the
  redactor (:func:`install_checkpoints`), so a stop lands within one layer or one component
  (well under a second), never in the middle of a library's own state change;
- an explanation runs under a :class:`TimeBudget` shared by the cases of one request; when it is
  spent, the explanation stops the same way and the scores are returned without it.

Outside :func:`stopping_when` a checkpoint costs one thread-local read and does nothing, so the
hooks are harmless to anything else that uses the same model or redactor.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

logger = logging.getLogger(__name__)

__all__ = [
    "ABANDONED",
    "OVER_BUDGET",
    "RequestControl",
    "TimeBudget",
    "WorkStopped",
    "checkpoint",
    "install_checkpoints",
    "stopping_when",
]

#: Why work stopped: the client went away (or its request timed out) ...
ABANDONED = "abandoned"
#: ... or the request's explanation budget was spent.
OVER_BUDGET = "over budget"

StopCheck = Callable[[], "str | None"]
_local = threading.local()


class WorkStopped(Exception):
    """Work stopped at a checkpoint; ``reason`` is :data:`ABANDONED` or :data:`OVER_BUDGET`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RequestControl:
    """One request's stop flag, set from the event loop and read from the work thread."""

    def __init__(self) -> None:
        self._abandoned = threading.Event()
        self.why = ""
        #: set once the whole response has been handed to the server
        self.answered = False

    def abandon(self, why: str) -> None:
        if not self._abandoned.is_set():
            self.why = why
            self._abandoned.set()

    @property
    def abandoned(self) -> bool:
        return self._abandoned.is_set()


class TimeBudget:
    """Seconds of explanation one request may use, spent across its cases."""

    def __init__(self, seconds: float) -> None:
        self.left = float(seconds)

    @contextlib.contextmanager
    def spending(self) -> Iterator[StopCheck]:
        """A stop check for the time left; what was used is taken off when the block ends."""
        started = time.monotonic()
        deadline = started + self.left

        def check() -> str | None:
            return OVER_BUDGET if time.monotonic() > deadline else None

        try:
            yield check
        finally:
            self.left = max(0.0, self.left - (time.monotonic() - started))


def checkpoint() -> None:
    """Raise :class:`WorkStopped` if the work running in this thread should stop."""
    check = getattr(_local, "check", None)
    if check is not None:
        reason = check()
        if reason:
            raise WorkStopped(reason)


@contextlib.contextmanager
def stopping_when(check: StopCheck | None) -> Iterator[None]:
    """Run the block with ``check`` consulted at every checkpoint (nested checks add up)."""
    if check is None:
        yield
        return
    outer = getattr(_local, "check", None)

    def combined() -> str | None:
        return (outer() if outer is not None else None) or check()

    _local.check = combined
    try:
        yield
    finally:
        _local.check = outer


def _torch_hook(_module: Any, _inputs: Any) -> None:
    checkpoint()


def _spacy_checkpoint(doc: Any) -> Any:
    checkpoint()
    return doc


def _checked_layer(forward: Callable[..., Any]) -> Callable[..., Any]:
    def forward_after_checkpoint(model: Any, X: Any, is_train: bool) -> Any:
        checkpoint()
        return forward(model, X, is_train=is_train)

    forward_after_checkpoint.referral_nlp_checkpoint = True  # type: ignore[attr-defined]
    return forward_after_checkpoint


def install_checkpoints(model: Any = None, nlp: Any = None) -> None:
    """Put checkpoints before every module of a torch ``model``, and around every component and
    before every layer of a spaCy ``nlp`` pipeline. Idempotent; neither changes any result.

    spaCy runs a component over a whole batch of chunks at once (tok2vec over a 100,000-character
    note's five chunks takes about a second on a loaded core), so a checkpoint between
    components alone came too late; thinc calls each layer through its ``_func``, which is
    wrapped here (where a thinc version lacks it, only the component checkpoints remain).
    """
    if model is not None and not getattr(model, "_referral_nlp_checkpoints", False):
        for module in model.modules():
            module.register_forward_pre_hook(_torch_hook)
        model._referral_nlp_checkpoints = True
    if nlp is not None and "checkpoint_0" not in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory("referral_nlp_checkpoint"):
            Language.component("referral_nlp_checkpoint", func=_spacy_checkpoint)
        names = list(nlp.pipe_names)
        for name in names:
            layers = getattr(getattr(nlp.get_pipe(name), "model", None), "walk", None)
            for layer in layers() if layers is not None else ():
                forward = getattr(layer, "_func", None)
                if callable(forward) and not getattr(forward, "referral_nlp_checkpoint", False):
                    layer._func = _checked_layer(forward)
        nlp.add_pipe("referral_nlp_checkpoint", name="checkpoint_0", first=True)
        for i, name in enumerate(names, start=1):
            nlp.add_pipe("referral_nlp_checkpoint", name=f"checkpoint_{i}", after=name)
