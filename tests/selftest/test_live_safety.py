"""Live-account safety rules, proved on the mock: one two-step sign-in per run, its state reused by
the other walks (across xdist workers), the state file owner-only and gone at the end; a lock met
while signing in is remembered, so no walk of the run tries again."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.mock_only


def test_one_sign_in_serves_every_walk(tmp_path: Path) -> None:
    # Serial: each xdist worker has a mock of its own, so the shared state only means something live
    # (the cross-worker file lock is covered by SignInBudget's own test below).
    spy = tmp_path / "codes.txt"
    base, state = tmp_path / "base", tmp_path / "state"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/walks/test_documented_paths.py", "--service", "cloudsign",
         "--service", "wisebook", "--service", "karaden-sms", "--max-signins", "1", "-p", "no:xdist", "--check-timeout=15000",
         "-p", "codes_spy", f"--basetemp={base}", "-q", "-p", "no:cacheprovider", f"--output={tmp_path / 'pw'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "CODES_SPY_FILE": str(spy), "XDG_STATE_HOME": str(state), "BIZD_LANG": "en",
             "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tests" / "security"), os.environ.get("PYTHONPATH")]))},
    )
    assert done.returncode == 0 and "3 passed" in done.stdout, done.stdout[-3000:]
    assert len(spy.read_text().split()) == 1, "more than one security code was requested"
    assert "bizd: 1 two-step sign-in(s) this run" in done.stdout
    assert not list(state.rglob("auth-*.json")) and not list(base.rglob("auth-*.json")), \
        "the signed-in state outlived the run"


def test_state_file_is_owner_only(tmp_path: Path) -> None:
    from loginsuite.safety import SignInBudget

    budget = SignInBudget(tmp_path / "auth", "k", 1)
    path = budget.shared_state(lambda: {"cookies": [], "origins": []})
    assert path is not None and (path.stat().st_mode & 0o777) == 0o600
    assert (budget.folder.stat().st_mode & 0o777) == 0o700
    assert budget.shared_state(lambda: pytest.fail("signed in twice")) == path  # reused, no second attempt


def test_a_lock_met_while_signing_in_stops_every_later_walk_without_an_attempt(tmp_path: Path) -> None:
    from loginsuite.mismatch import AccountLocked
    from loginsuite.safety import SignInBudget

    def locked() -> dict[str, object]:
        raise AccountLocked("2段階認証", "アカウントがロックされました。")

    budget = SignInBudget(tmp_path / "auth", "k", 3)
    for attempt in (locked, lambda: pytest.fail("tried again after a lock")):
        with pytest.raises(AccountLocked, match="2段階認証"):
            budget.shared_state(attempt)
    assert budget.attempts() == 1
