"""Live-account safety: one two-step sign-in per account per run, its state reused, a lock stops all.

The sign-in happens once, under a file lock shared by every pytest-xdist worker of the run; the
signed-in browser state is written owner-only outside reports/ and removed at the end of the run
unless kept on request.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loginsuite.mismatch import AccountLocked

# Not manual text: a safety net for the identity provider's lock / too-many-attempts wording.
LOCK_PATTERNS = re.compile(r"ロックされ|ロック中|試行回数|回数の上限|too many|locked", re.IGNORECASE)


def stop_if_locked(page_text: str) -> None:
    if LOCK_PATTERNS.search(page_text):
        raise AccountLocked("the identity provider reports a locked account or too many attempts: run stopped")


@dataclass
class SignInBudget:
    """Counts sign-in attempts for one account across the whole run (all workers)."""

    folder: Path
    account_key: str
    allowed: int

    def __post_init__(self) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)

    @property
    def state_path(self) -> Path:
        return self.folder / f"auth-{self.account_key}.json"

    @property
    def _ledger(self) -> Path:
        return self.folder / f"attempts-{self.account_key}.json"

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

    def shared_state(self, sign_in: Callable[[], dict[str, object]]) -> Path | None:
        """The signed-in state file, signing in first if no worker has yet and the budget allows.

        Returns None when the budget is spent without a state (an earlier attempt failed).
        """
        with self._locked():
            if self.state_path.exists():
                return self.state_path
            used = self.attempts()
            if used >= self.allowed:
                return None
            self._ledger.write_text(json.dumps({"attempts": used + 1}))
            state = sign_in()
            fd = os.open(self.state_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                json.dump(state, out)
            return self.state_path

    def discard(self) -> None:
        for path in self.folder.glob("*"):
            path.unlink(missing_ok=True)
        self.folder.rmdir()
