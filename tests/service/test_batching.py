"""Micro-batching: concurrent requests share a batch; order, limits and failures hold."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from referral_nlp.serving.batching import MicroBatcher

pytestmark = pytest.mark.anyio


async def test_concurrent_requests_are_batched_in_order():
    seen: list[list[int]] = []

    def run(items):
        seen.append(list(items))
        time.sleep(0.02)
        return [i * 10 for i in items]

    batcher = MicroBatcher(run, max_batch_size=4, max_wait_ms=20)
    results = await asyncio.gather(*(batcher.submit(i) for i in range(10)))
    assert results == [i * 10 for i in range(10)]
    assert all(len(batch) <= 4 for batch in seen)
    assert len(seen) < 10 and batcher.mean_batch_size > 1
    assert sorted(i for batch in seen for i in batch) == list(range(10))


async def test_batch_size_one_runs_each_alone():
    seen = []
    batcher = MicroBatcher(lambda items: seen.append(len(items)) or list(items), max_batch_size=1)
    assert await asyncio.gather(*(batcher.submit(i) for i in range(5))) == list(range(5))
    assert seen == [1] * 5


async def test_a_lone_request_waits_at_most_max_wait():
    batcher = MicroBatcher(lambda items: list(items), max_batch_size=64, max_wait_ms=30)
    started = time.perf_counter()
    assert await batcher.submit("x") == "x"
    assert time.perf_counter() - started < 0.5


async def test_failure_reaches_every_request_of_the_batch_and_the_next_batch_runs():
    calls = []

    def run(items):
        calls.append(items)
        if "bad" in items:
            raise RuntimeError("boom")
        return list(items)

    batcher = MicroBatcher(run, max_batch_size=8, max_wait_ms=20)
    outcome = await asyncio.gather(
        batcher.submit("a"), batcher.submit("bad"), return_exceptions=True
    )
    assert all(isinstance(o, RuntimeError) for o in outcome)
    assert await batcher.submit("c") == "c"


async def test_runs_off_the_event_loop_thread():
    loop_thread = threading.get_ident()
    threads = []
    batcher = MicroBatcher(lambda items: threads.append(threading.get_ident()) or list(items))
    await batcher.submit(1)
    assert threads and threads[0] != loop_thread


async def test_wrong_result_count_is_an_error():
    batcher = MicroBatcher(lambda items: [], max_batch_size=2)
    with pytest.raises(RuntimeError, match="0 results for 1"):
        await batcher.submit(1)


@pytest.mark.parametrize(("size", "wait"), [(0, 5), (2, -1)])
def test_settings_are_checked(size, wait):
    with pytest.raises(ValueError):
        MicroBatcher(lambda items: items, max_batch_size=size, max_wait_ms=wait)
