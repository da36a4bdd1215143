"""The worker thread: work runs there where a second core is free, nowhere otherwise, and a
forked child (which inherits the pool but not its thread) gets a worker of its own."""

from __future__ import annotations

import multiprocessing
from unittest import mock

import pytest

from negotiate.solvers import background


def test_work_runs_on_the_worker_thread():
    import threading

    with mock.patch.object(background, "_cores", lambda: 2):
        future = background.submit(lambda x: (x * 2, threading.current_thread().name), 21)
    value, thread = future.result(timeout=10)
    assert value == 42 and thread.startswith("negotiate-background")


@pytest.mark.parametrize(("enabled", "cores"), [(False, 2), (True, 1)])
def test_no_worker_without_a_second_core_or_when_switched_off(enabled, cores):
    with (
        mock.patch.object(background, "ENABLED", enabled),
        mock.patch.object(background, "_cores", lambda: cores),
    ):
        assert background.submit(int, "1") is None


def _child(send) -> None:
    send.send(background.submit(sum, [1, 2, 3]).result(timeout=10))


def test_a_forked_child_gets_its_own_worker():
    with mock.patch.object(background, "_cores", lambda: 2):
        assert background.submit(int, "7").result(timeout=10) == 7  # the parent's worker
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(send,))
        child.start()
        try:
            assert recv.poll(20), "the child's work never ran"
            assert recv.recv() == 6
        finally:
            child.kill()
            child.join()
