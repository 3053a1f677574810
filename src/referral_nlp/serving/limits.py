"""Requests in flight, per API key and per worker: one key cannot take a worker's capacity.

Without a per-key limit, 300 slow uploads from one key filled BentoML's concurrency limit and
every other key got 429 while ``/readyz`` said 200. The guard takes a slot here for each
authenticated request before it reads the body and gives it back when the response is sent:

- a key already holding ``per_key`` slots gets 429 (that key is sending too much at once);
- a worker already holding ``per_worker`` slots gets 503 with Retry-After (this worker is full),
  and :attr:`InFlightLimits.saturated` turns ``/readyz`` to 503 so a balancer sends work
  elsewhere.

Counts are per worker process (each worker has its own guard); with N workers a key may hold up
to N x ``per_key`` requests in all. The event loop is single-threaded, so plain counters do.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["DEFAULT_MAX_IN_FLIGHT", "DEFAULT_MAX_IN_FLIGHT_PER_KEY", "InFlightLimits"]

#: Requests in flight in one worker: a CPU worker scores one at a time, so 32 is a queue of
#: tens of seconds at most, beyond which a client is better told to retry.
DEFAULT_MAX_IN_FLIGHT = 32
#: Requests in flight per key in one worker: a reviewer's page sends one at a time; a script
#: may overlap a few.
DEFAULT_MAX_IN_FLIGHT_PER_KEY = 8


class InFlightLimits:
    """Slots per key name and per worker."""

    def __init__(
        self,
        *,
        per_key: int = DEFAULT_MAX_IN_FLIGHT_PER_KEY,
        per_worker: int = DEFAULT_MAX_IN_FLIGHT,
    ) -> None:
        if per_key < 1 or per_worker < 1:
            raise ValueError("per_key, per_worker: expected at least 1 request in flight.")
        self.per_key = per_key
        self.per_worker = per_worker
        self._keys: Counter[str] = Counter()
        self.total = 0

    def acquire(self, key_name: str) -> str | None:
        """Take a slot for ``key_name``; None if taken, else which limit refused it
        (``"key"`` or ``"worker"``)."""
        if self._keys[key_name] >= self.per_key:
            return "key"
        if self.total >= self.per_worker:
            return "worker"
        self._keys[key_name] += 1
        self.total += 1
        return None

    def release(self, key_name: str) -> None:
        self._keys[key_name] -= 1
        if self._keys[key_name] <= 0:
            del self._keys[key_name]
        self.total -= 1

    @property
    def saturated(self) -> bool:
        """True while this worker holds as many requests as it may."""
        return self.total >= self.per_worker
