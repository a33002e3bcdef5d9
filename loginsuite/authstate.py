"""Where a run's signed-in browser state lives, so that it never outlives the run.

The state is the identity provider's session (``BIZD_SSO``, valid up to 30 days live): whoever has the
file is signed in. It is written only into an owner-only (0700) folder of this run under the user's
state directory (``$XDG_STATE_HOME/bizd-login-suite/runs/``, default ``~/.local/state``), never under
``reports/`` or pytest's temporary folders (which keep old runs for days). The controller makes the
folder at configure time, holds an exclusive lock on its ``owner`` file for the whole run, and hands the
path to pytest-xdist's workers (``workerinput``). The folder is removed

- at the normal end of the run (``pytest_unconfigure``);
- on SIGINT/SIGTERM: the handler removes it first, then the run stops as on Ctrl-C;
- after a SIGKILL (no handler runs): at the start of the next run, before anything else, every run
  folder whose ``owner`` lock no living process holds is removed.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

APP = "bizd-login-suite"
OWNER = "owner"
RUN_PREFIX = "run-"
_FRESH = 60  # seconds: a folder without an owner file this young is still being made by a run
AUTH_DIR_KEY = "bizd_auth_dir"  # workerinput key
_FOLDER_KEY = pytest.StashKey["RunAuthFolder"]()
_SIGNALS_KEY = pytest.StashKey[dict[int, Any]]()


def state_home() -> Path:
    """The suite's folder in the user's state directory (XDG base directory spec)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP


def runs_root() -> Path:
    return state_home() / "runs"


def _owner_free(folder: Path) -> bool:
    """Whether no living process holds the folder's owner lock (its run has ended or was killed)."""
    owner = folder / OWNER
    try:
        handle = open(owner, "a")  # noqa: SIM115 - closed below, the lock only probed
    except FileNotFoundError:
        return time.time() - folder.stat().st_mtime > _FRESH
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def sweep_leftovers(root: Path | None = None) -> list[Path]:
    """Remove what killed runs left (their owner lock is free); returns the folders removed."""
    root = root or runs_root()
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and folder.name.startswith(RUN_PREFIX) and _owner_free(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class RunAuthFolder:
    """This run's owner-only folder for signed-in state; the owner lock is held while it exists."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or runs_root()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=root))  # mode 0700
        self._owner = open(self.path / OWNER, "w")  # noqa: SIM115 - held for the run
        fcntl.flock(self._owner, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if not self._owner.closed:
            self._owner.close()


def folder_of(config: pytest.Config) -> Path | None:
    """The run's folder for signed-in state, in the controller and in every xdist worker."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        given = workerinput.get(AUTH_DIR_KEY)
        return Path(given) if given else None
    owned = config.stash.get(_FOLDER_KEY, None)
    return owned.path if owned else None


def _on_signal(folder: RunAuthFolder, previous: Any) -> Any:
    def handler(signum: int, frame: FrameType | None) -> None:
        folder.remove()
        signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        raise KeyboardInterrupt(signal.Signals(signum).name)  # pytest ends the run as on Ctrl-C

    return handler


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Controller only: sweep what killed runs left, then make this run's folder."""
    if hasattr(config, "workerinput"):
        return
    sweep_leftovers()
    folder = RunAuthFolder()
    config.stash[_FOLDER_KEY] = folder
    previous: dict[int, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.getsignal(signum)
            signal.signal(signum, _on_signal(folder, previous[signum]))
        except ValueError:  # not the main thread (pytest run inside another program)
            previous.pop(signum, None)
    config.stash[_SIGNALS_KEY] = previous


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: every worker uses the controller's folder (one signed-in state for the run)."""
    path = folder_of(node.config)
    if path is not None:
        node.workerinput[AUTH_DIR_KEY] = str(path)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_FOLDER_KEY, None)
    if folder is not None:
        folder.remove()
    for signum, handler in config.stash.get(_SIGNALS_KEY, {}).items():
        signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
