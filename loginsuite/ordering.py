"""Order and isolation of the walks by what they do to the identity provider's session.

Under the one-sign-in rule every walk starts from the run's one signed-in state. Two kinds of walk
would spoil it for the others, so they are marked:

- ``ends_session``: the walk ends the identity provider's session, as the appendix procedure
  「ログインがうまくいかない場合」 does (ログアウト; likewise 別IDでログイン). It still starts from the
  run's signed-in state — signing out of it is exactly what it verifies, and it costs no second
  two-step sign-in — but it **runs last**: serially it is moved to the end of the run; with
  pytest-xdist a scheduler of our own (``--dist load``, the default) holds it back until every other
  walk on every worker has finished, then sends it to one worker. Running it in a context of its own
  would need a second two-step sign-in against the real account for no extra coverage; skipping it
  live would lose the appendix's coverage.
- ``own_sign_in``: the walk signs in on its own and changes the session or the account (negative
  paths: wrong or expired codes, 同意しない, a locked account; other accounts). It never starts from
  the run's signed-in state and never runs live (``mock_only``: a wrong code counts towards the real
  account's lock); on the mock its sign-ins are its own and not charged to ``--max-signins``.

The walks that ends the session are told to the xdist controller (which does not collect) through a
file in the run's auth folder, written by the workers while collecting.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from loginsuite import authstate

ENDS_SESSION = "ends_session"
OWN_SIGN_IN = "own_sign_in"
_HELD_FILE = "ends-session.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{ENDS_SESSION}: ends the identity provider's session (sign-out): runs after every other walk")
    config.addinivalue_line(
        "markers", f"{OWN_SIGN_IN}: signs in on its own (negative paths): never starts from the run's signed-in state")


def ends_session(item: pytest.Item) -> bool:
    return item.get_closest_marker(ENDS_SESSION) is not None


def own_sign_in(item: pytest.Item) -> bool:
    return item.get_closest_marker(OWN_SIGN_IN) is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The session enders go last (stable order otherwise); xdist workers tell the controller which."""
    last = [item for item in items if ends_session(item)]
    if not last:
        return
    items[:] = [item for item in items if not ends_session(item)] + last
    folder = authstate.folder_of(config)
    if hasattr(config, "workerinput") and folder is not None and folder.is_dir():
        temporary = folder / f".{_HELD_FILE}.{os.getpid()}"
        temporary.write_text(json.dumps([item.nodeid for item in last]))
        os.replace(temporary, folder / _HELD_FILE)


def _held_ids(config: pytest.Config) -> set[str]:
    folder = authstate.folder_of(config)
    try:
        return set(json.loads((folder / _HELD_FILE).read_text())) if folder else set()
    except (FileNotFoundError, ValueError):
        return set()


def _scheduler_class() -> Any:
    from xdist.scheduler import LoadScheduling

    class SessionEndersLast(LoadScheduling):  # type: ignore[misc, valid-type]
        """xdist's load scheduling, except that the session enders wait for every other walk.

        A worker runs an item only once it has the next one (or is told to shut down), so holding
        back is done here: when only session enders are left, one worker (the closer) is kept, every
        other is shut down as usual, and once none of them has a walk left the enders are sent to the
        closer, followed by its shutdown.
        """

        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            self._held: set[int] | None = None
            self._closer: Any = None

        def held(self) -> set[int]:
            if self._held is None:
                assert self.collection is not None
                names = _held_ids(self.config)
                self._held = {i for i, nodeid in enumerate(self.collection) if nodeid in names}
            return self._held

        def _ready(self) -> list[int]:
            return [i for i in self.pending if i not in self.held()]

        def _send_tests(self, node: Any, num: int) -> None:
            chosen = self._ready()[:num]
            if chosen:
                self.pending[:] = [i for i in self.pending if i not in chosen]
                self.node2pending[node].extend(chosen)
                node.send_runtest_some(chosen)

        def schedule(self) -> None:
            super().schedule()
            if self.collection and not self._ready():
                for node in self.nodes:
                    self.check_schedule(node)

        def check_schedule(self, node: Any, duration: float = 0) -> None:
            if not self.pending or self._ready():
                super().check_schedule(node, duration)
                return
            # Only session enders are left.
            if self._closer is None and not node.shutting_down:
                self._closer = node
            if node is not self._closer and not node.shutting_down:
                node.shutdown()
            closer = self._closer
            if closer is None or closer.shutting_down:
                return
            if any(pending for other, pending in self.node2pending.items() if other is not closer):
                return
            enders, self.pending[:] = list(self.pending), []
            self.node2pending[closer].extend(enders)
            closer.send_runtest_some(enders)
            closer.shutdown()

    return SessionEndersLast


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "load":
        return None
    return _scheduler_class()(config, log)


def held_file(folder: Path) -> Path:
    """Where the workers write the session enders' node ids (tests)."""
    return folder / _HELD_FILE
