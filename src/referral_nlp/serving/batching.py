"""Adaptive micro-batching: concurrent single requests in one worker are scored together.

BentoML's own adaptive batching (``@bentoml.api(batchable=True)``) needs an endpoint whose body
is a list; ``POST /v1/score`` takes one case (the contract), so the service batches below the
HTTP layer instead. A request joins the open batch; the batch runs when it is full or when the
oldest request has waited ``max_wait_ms``, and while a batch runs the next one fills, so the
wait adapts to load: alone, a request waits at most ``max_wait_ms``; under load, batches grow
to ``max_batch_size`` with no extra wait.

It pays where one forward pass over many notes costs much less than many passes (a GPU). On a
CPU it does not (measured in ``benchmarks/serving.py``), and ``max_batch_size=1`` turns it off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

__all__ = ["MicroBatcher"]

T = TypeVar("T")
R = TypeVar("R")


class MicroBatcher(Generic[T, R]):
    """Group concurrent :meth:`submit` calls into calls of ``run(items) -> results``.

    ``run`` is synchronous (it runs in a worker thread, one batch at a time) and must return
    one result per item, in order. An exception fails every request of that batch.
    """

    def __init__(
        self,
        run: Callable[[list[T]], Sequence[R]],
        *,
        max_batch_size: int = 8,
        max_wait_ms: float = 5.0,
    ) -> None:
        if max_batch_size < 1:
            raise ValueError("max_batch_size: must be at least 1.")
        if max_wait_ms < 0:
            raise ValueError("max_wait_ms: must not be negative.")
        self.run = run
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait_ms / 1000.0
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._wake: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None
        self.batches = 0
        self.items = 0

    async def submit(self, item: T) -> R:
        """The result for ``item``, computed in a batch with whatever else is waiting."""
        loop = asyncio.get_running_loop()
        if self._wake is None:
            self._wake = asyncio.Event()
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._loop())
        future: asyncio.Future[R] = loop.create_future()
        self._queue.append((item, future))
        self._wake.set()
        return await future

    async def _loop(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._queue:
                # Wait for company only while the batch is not full and the oldest is young.
                deadline = time.monotonic() + self.max_wait
                while len(self._queue) < self.max_batch_size and time.monotonic() < deadline:
                    await asyncio.sleep(min(0.001, self.max_wait))
                batch = self._queue[: self.max_batch_size]
                del self._queue[: len(batch)]
                items = [item for item, _ in batch]
                try:
                    results = await asyncio.to_thread(self.run, items)
                    if len(results) != len(items):
                        raise RuntimeError(
                            f"batch function returned {len(results)} results for {len(items)}."
                        )
                except Exception as exc:  # every waiter gets the failure
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                self.batches += 1
                self.items += len(items)
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)

    async def close(self) -> None:
        """Stop the batching task (waiting requests are cancelled)."""
        if self._worker is not None and not self._worker.done():
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        for _, future in self._queue:
            future.cancel()
        self._queue.clear()

    @property
    def mean_batch_size(self) -> float:
        return self.items / self.batches if self.batches else 0.0
