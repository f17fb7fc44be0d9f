"""`fazhi.core.iterables`: batches, and `map_ahead` (a rebuild's rows made in worker processes)."""

from __future__ import annotations

import multiprocessing
import os
import threading

from fazhi.core import iterables
from fazhi.core.iterables import batches, map_ahead


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _fails_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("三")
    return x


def test_batches_cut_the_last_short_and_none_empty():
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches([], 3)) == []


def test_map_ahead_keeps_the_order_and_runs_the_calls_in_other_processes():
    made = list(map_ahead(_pid_and_square, range(25), workers=2))
    assert [square for _, square in made] == [x * x for x in range(25)]
    assert os.getpid() not in {pid for pid, _ in made}


def test_map_ahead_without_workers_runs_here():
    made = list(map_ahead(_pid_and_square, range(5), workers=0))
    assert made == [(os.getpid(), x * x) for x in range(5)]


def test_map_ahead_sends_at_most_ahead_items_per_worker_before_the_first_result():
    taken = []

    def items():
        for i in range(50):
            taken.append(i)
            yield i

    made = map_ahead(_pid_and_square, items(), workers=1, ahead=2)
    assert next(made)[1] == 0
    # Two items may wait per worker; the third submitted is what made the first result be taken.
    assert len(taken) == 3
    assert [square for _, square in made] == [x * x for x in range(1, 50)]
    assert len(taken) == 50


def test_map_ahead_passes_a_worker_error_to_the_caller():
    made = map_ahead(_fails_on_three, range(6), workers=1)
    assert [next(made) for _ in range(3)] == [0, 1, 2]
    try:
        next(made)
    except ValueError as exc:
        assert str(exc) == "三"
    else:
        raise AssertionError("the worker's error was lost")


def test_workers_start_by_fork_in_a_process_of_one_thread_and_by_spawn_beside_threads(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert iterables._start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    assert iterables._start_method() == "spawn"
    # And the spawned workers work: they import this module afresh.
    made = list(map_ahead(_pid_and_square, range(4), workers=1))
    assert [square for _, square in made] == [0, 1, 4, 9]
    assert os.getpid() not in {pid for pid, _ in made}


def _in_a_daemon(queue) -> None:
    queue.put([pid for pid, _ in map_ahead(_pid_and_square, range(3), workers=1)] + [os.getpid()])


def test_a_daemonic_process_which_may_not_start_workers_runs_the_calls_itself():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    daemon = context.Process(target=_in_a_daemon, args=(queue,), daemon=True)
    daemon.start()
    pids = queue.get(timeout=60)
    daemon.join(timeout=60)
    assert daemon.exitcode == 0
    assert set(pids) == {pids[-1]}  # every call ran in the daemon itself
