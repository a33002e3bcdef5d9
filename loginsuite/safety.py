"""Live-account safety: one two-step sign-in per account per run, its state reused, a lock stops all.

The sign-in happens once, under a file lock shared by every pytest-xdist worker of the run, in the
run's owner-only folder (``authstate``); the state file is written owner-only there and goes with the
folder at the end of the run. Before the sign-in the per-account daily budget (``signin_ledger``) is
charged. A lock reported during it is written down beside the state, so every other walk and
worker stops with the same message instead of trying again.
"""
from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loginsuite.mismatch import AccountLocked


@dataclass
class SignInBudget:
    """Counts sign-in attempts for one account across the whole run (all workers)."""

    folder: Path
    account_key: str
    allowed: int

    def __post_init__(self) -> None:
        # Never made here with parents: a folder removed at the end of the run (or by a signal)
        # must not come back from a worker still running.
        self.folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.folder, 0o700)

    @property
    def state_path(self) -> Path:
        return self.folder / f"auth-{self.account_key}.json"

    @property
    def _ledger(self) -> Path:
        return self.folder / f"attempts-{self.account_key}.json"

    @property
    def _lock_note(self) -> Path:
        return self.folder / f"locked-{self.account_key}.json"

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.folder / f"lock-{self.account_key}", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def attempts(self) -> int:
        try:
            return int(json.loads(self._ledger.read_text())["attempts"])
        except (FileNotFoundError, ValueError, KeyError):
            return 0

    def locked(self) -> AccountLocked | None:
        """The lock an earlier walk of this run met, if any."""
        try:
            note = json.loads(self._lock_note.read_text())
            return AccountLocked(note["screen"], note["text"])
        except (FileNotFoundError, ValueError, KeyError):
            return None

    def shared_state(self, sign_in: Callable[[], dict[str, object]],
                     charge: Callable[[], object] = lambda: None) -> Path | None:
        """The signed-in state file, signing in first if no worker has yet and the budget allows.

        ``charge`` is called just before a sign-in (the daily budget; it may refuse by raising).
        Returns None when the budget is spent without a state (an earlier attempt failed); raises
        AccountLocked when this run's sign-in met a lock.
        """
        with self._locked():
            earlier = self.locked()
            if earlier is not None:
                raise earlier
            if self.state_path.exists():
                return self.state_path
            used = self.attempts()
            if used >= self.allowed:
                return None
            charge()
            self._ledger.write_text(json.dumps({"attempts": used + 1}))
            try:
                state = sign_in()
            except AccountLocked as exc:
                self._lock_note.write_text(json.dumps({"screen": exc.screen, "text": exc.text}))
                raise
            fd = os.open(self.state_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                json.dump(state, out)
            return self.state_path


def signins_this_run(folder: Path | None) -> int:
    """Two-step sign-ins the run's budgets counted (every account; on the embedded mock, every worker)."""
    total = 0
    for ledger in folder.rglob("attempts-*.json") if folder and folder.is_dir() else []:
        try:
            total += int(json.loads(ledger.read_text())["attempts"])
        except (OSError, ValueError, KeyError):
            continue
    return total
