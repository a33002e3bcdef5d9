"""A per-account budget of two-step sign-ins across runs, so that retries cannot hammer the real
identity provider (a crash-and-retry loop would otherwise sign in, and send a code mail, each time).

Live runs only: at most ``--max-signins-per-day`` (default 5) two-step sign-ins per account in any
24 hours, counted in ``signins.json`` in the user's state directory (``authstate.state_home()``),
shared by every run and xdist worker under a file lock. The account is never written in clear: its
key is an HMAC of the account ID with a random salt kept owner-only beside the ledger. An exhausted
budget is refused at session start, before any browser or code is requested, and again at the
moment of signing in.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from loginsuite import credentials, preflight
from loginsuite.authstate import state_home
from loginsuite.i18n import _, format_day

FORMAT = "bizd-signins/1"
WINDOW = dt.timedelta(hours=24)
DEFAULT_PER_DAY = 5


class SignInsExhausted(RuntimeError):
    """The account's two-step sign-ins of the last 24 hours reached the limit."""


def _private_file(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


@dataclass
class SignInLedger:
    limit: int = DEFAULT_PER_DAY
    folder: Path | None = None

    def __post_init__(self) -> None:
        self.folder = self.folder or state_home()
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    @property
    def path(self) -> Path:
        assert self.folder
        return self.folder / "signins.json"

    def key(self, account_id: str) -> str:
        """The account's ledger key: HMAC-SHA256 of the ID with this user's salt (never the ID)."""
        assert self.folder
        salt_path = self.folder / "signins.salt"
        fd = _private_file(salt_path)
        with os.fdopen(fd, "r+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            salt = handle.read()
            if not salt:
                salt = secrets.token_bytes(32)
                handle.write(salt)
        return hmac.new(salt, account_id.strip().encode(), hashlib.sha256).hexdigest()[:32]

    @contextmanager
    def _open(self) -> Iterator[dict[str, list[float]]]:
        """The ledger's accounts under an exclusive lock; written back (pruned) on leaving."""
        fd = _private_file(self.path)
        with os.fdopen(fd, "r+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            text = handle.read()
            try:
                data = json.loads(text) if text.strip() else {}
                accounts: dict[str, list[float]] = {k: [float(t) for t in v]
                                                    for k, v in data.get("accounts", {}).items()}
            except (ValueError, AttributeError, TypeError):
                accounts = {}  # unreadable: start afresh rather than never sign in again
            yield accounts
            horizon = (dt.datetime.now() - WINDOW).timestamp()
            kept = {k: sorted(t for t in v if t > horizon) for k, v in accounts.items()}
            handle.seek(0)
            handle.truncate()
            json.dump({"format": FORMAT, "accounts": {k: v for k, v in kept.items() if v}}, handle)

    def recent(self, account_id: str) -> list[float]:
        """Timestamps of the account's two-step sign-ins in the last 24 hours, oldest first."""
        key = self.key(account_id)
        horizon = (dt.datetime.now() - WINDOW).timestamp()
        with self._open() as accounts:
            return sorted(t for t in accounts.get(key, []) if t > horizon)

    def _refusal(self, recent: list[float]) -> SignInsExhausted:
        # The next is allowed once enough of the recent ones are older than 24 hours.
        expiring = recent[len(recent) - self.limit] if 0 < self.limit <= len(recent) else None
        allowed = dt.datetime.fromtimestamp(expiring) + WINDOW if expiring else None
        when = f"{format_day(allowed.date())} {allowed:%H:%M}" if allowed else "-"
        return SignInsExhausted(_(
            "{used} two-step sign-ins of this account in the last 24 hours (limit {limit}, "
            "--max-signins-per-day): no sign-in is attempted; the next is allowed after {when}"
        ).format(used=len(recent), limit=self.limit, when=when))

    def check(self, account_id: str) -> int:
        """Sign-ins left today; raises SignInsExhausted when none."""
        recent = self.recent(account_id)
        if len(recent) >= self.limit:
            raise self._refusal(recent)
        return self.limit - len(recent)

    def record(self, account_id: str) -> int:
        """Count one two-step sign-in about to happen (refused when the budget is spent); left after it."""
        key = self.key(account_id)
        horizon = (dt.datetime.now() - WINDOW).timestamp()
        with self._open() as accounts:
            recent = sorted(t for t in accounts.get(key, []) if t > horizon)
            if len(recent) >= self.limit:
                raise self._refusal(recent)
            accounts[key] = [*recent, dt.datetime.now().timestamp()]
            return self.limit - len(recent) - 1


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Live with credentials: refuse the run before any browser, worker or code when the account's
    daily budget is spent (the controller decides; workers charge it at the sign-in itself)."""
    config = session.config
    if hasattr(config, "workerinput") or not preflight.needed(config):
        return
    creds = credentials.load_credentials()
    assert creds is not None
    from loginsuite.plugin import settings

    try:
        SignInLedger(settings(config).max_signins_per_day).check(creds.account_id)
    except SignInsExhausted as exc:
        raise pytest.UsageError(_("stopped before any sign-in: {error}").format(error=exc)) from None
