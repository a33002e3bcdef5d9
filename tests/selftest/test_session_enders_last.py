"""The xdist scheduler of loginsuite.ordering: a walk that ends the identity provider's session runs
only after every other walk on every worker has finished, and the run never stalls.

Driven with stand-in workers that behave as xdist's do: a worker runs an item only once it holds the
next one or has been told to shut down (so a scheduler that merely sends the enders last would let
one run beside another worker's last walk, and one that waits for idle workers would stall)."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from loginsuite import ordering


class Worker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.gateway = SimpleNamespace(id=name)
        self.queue: list[int] = []
        self.shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        assert not self.shutting_down, "items sent after shutdown"
        self.queue.extend(indices)

    def shutdown(self) -> None:
        self.shutting_down = True

    def runnable(self) -> bool:
        return bool(self.queue) and (len(self.queue) >= 2 or self.shutting_down)


def run(workers: int, tests: int, enders: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, set[int]]]:
    """(worker, item, items still unfinished elsewhere when it started) in the order items ran."""
    collection = [f"t.py::test_{i}" for i in range(tests)]
    ordering.held_file(tmp_path).write_text(json.dumps([collection[i] for i in enders]))
    monkeypatch.setattr(ordering.authstate, "folder_of", lambda config: tmp_path)
    options = {"tx": [f"{workers}*popen"], "maxschedchunk": None}
    config: Any = type("Config", (), {"getvalue": lambda self, name: options[name],
                                      "getoption": lambda self, name: options[name]})()
    scheduler = ordering._scheduler_class()(config)
    nodes = [Worker(f"gw{i}") for i in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    ran: list[tuple[str, int, set[int]]] = []
    unfinished = set(range(tests))
    while True:
        if scheduler.tests_finished:  # xdist's controller then shuts every worker down
            for node in nodes:
                node.shutdown()
        node = next((n for n in nodes if n.runnable()), None)
        if node is None and scheduler.tests_finished:
            break
        assert node is not None, f"stalled: {[(n.name, n.queue, n.shutting_down) for n in nodes]}"
        item = node.queue.pop(0)
        ran.append((node.name, item, unfinished - {item}))
        unfinished.discard(item)
        scheduler.mark_test_complete(node, item)
    return ran


@pytest.mark.parametrize(("workers", "tests", "enders"), [(2, 12, [11]), (2, 30, [28, 29]), (3, 5, [4]),
                                                          (2, 1, [0]), (1, 6, [5])])
def test_session_enders_run_after_every_other_test_on_every_worker(
    workers: int, tests: int, enders: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran = run(workers, tests, enders, tmp_path, monkeypatch)
    assert sorted(item for _, item, _ in ran) == list(range(tests))
    for _, item, pending in ran:
        if item in enders:
            assert pending <= set(enders), f"ender {item} started while {sorted(pending)} were unfinished"
    assert [item for _, item, _ in ran][-len(enders):] == enders
