"""QA's main use, rehearsed as a new user would: the main job live (``python -m loginsuite run --target
live``) with the account's credentials, the code read from the mailbox (the mock's Maildir), every
documented host mapped (``--host-map``) to the stand-alone mock, which matches the manual.

Against a correct site the whole run passes: nothing failed, no revision proposed, exactly one
two-step sign-in (counted by the mock, ``/stats``), serially and with ``-n 2``. A lock answer stops
the run at once with one message naming the screen and the text; an exhausted daily budget stops it
before any sign-in; a killed run leaves no usable signed-in state once the next run has started.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import pytest

from loginsuite import secrets
from loginsuite.signin_ledger import SignInLedger
from mocksites import testing
from mocksites.accounts import DEMO_ACCOUNT_ID, DEMO_COMPANY_CODE, DEMO_PASSWORD
from mocksites.mail import CODE_SENDER

ROOT = Path(__file__).resolve().parents[2]
SPY = ROOT / "tests" / "security"  # codes_spy: what the run registered as secrets
_INHERITED = ("BIZD_", "PYTEST_", "XDG_STATE_HOME", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")
pytestmark = pytest.mark.mock_only


@dataclass
class Rehearsal:
    returncode: int
    output: str
    stats: dict[str, int]
    reports: Path
    state_home: Path
    registered: list[tuple[str, str]]  # (kind, value) of every secret the run registered

    def results(self) -> dict[str, Any]:
        run = next(p for p in self.reports.iterdir() if p.is_dir() and not p.is_symlink())
        return dict(json.loads((run / "results.json").read_text(encoding="utf-8")))


Rehearse = Callable[..., Rehearsal]


def _env(tmp_path: Path, mock: testing.Standalone, clean: dict[str, str]) -> dict[str, str]:
    return {**clean, "BIZD_REPORTS_DIR": str(tmp_path / "reports"), "BIZD_LANG": "en",
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "BIZD_ACCOUNT_ID": DEMO_ACCOUNT_ID, "BIZD_PASSWORD": DEMO_PASSWORD, "BIZD_COMPANY_CODE": DEMO_COMPANY_CODE,
            "BIZD_CODE_SOURCE": "maildir", "BIZD_MAILDIR": str(mock.maildir),
            "BIZD_CODE_SENDER": parseaddr(CODE_SENDER)[1],
            "CODES_SPY_FILE": str(tmp_path / "codes.txt"), "SECRETS_SPY_FILE": str(tmp_path / "secrets.tsv"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(SPY), os.environ.get("PYTHONPATH")]))}


def _command(mock: testing.Standalone, *pytest_args: str) -> list[str]:
    return [sys.executable, "-m", "loginsuite", "run", "--target", "live", "--",
            "--host-map", f"127.0.0.1:{mock.port}", "--check-timeout=15000", "-p", "codes_spy", *pytest_args]


@pytest.fixture
def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED)}


@pytest.fixture
def rehearse(tmp_path: Path, clean_env: dict[str, str]) -> Rehearse:
    """Runs the main job live against a fresh stand-alone mock (``scenarios`` on); what it did."""
    def run(*pytest_args: str, scenarios: tuple[str, ...] = ()) -> Rehearsal:
        flags = [a for name in scenarios for a in ("--scenario", name)]
        with testing.standalone(tmp_path / "mock", *flags, env=clean_env) as mock:
            done = subprocess.run(_command(mock, *pytest_args), cwd=ROOT, capture_output=True, text=True,
                                  timeout=300, check=False, env=_env(tmp_path, mock, clean_env))
            stats = mock.stats()
        output = done.stdout + done.stderr
        (tmp_path / "run.log").write_text(output)
        spied = tmp_path / "secrets.tsv"
        lines = spied.read_text().splitlines() if spied.exists() else []
        registered = [(kind, value) for kind, _, value in (line.partition("\t") for line in lines)]
        return Rehearsal(done.returncode, output, stats, tmp_path / "reports", tmp_path / "state", registered)

    return run


@pytest.mark.parametrize("workers", ["serial", "2"])
def test_live_rehearsal_against_a_matching_site_passes_with_one_two_step_sign_in(rehearse: Rehearse, workers: str) -> None:
    parallel = ["-p", "no:xdist"] if workers == "serial" else ["-n", workers]
    done = rehearse(*parallel)
    assert done.returncode == 0, done.output[-4000:]
    results = done.results()
    failed = [t["test"] for t in results["tests"] if t["outcome"] not in ("passed", "skipped")]
    assert failed == [], done.output[-4000:]
    assert results["revisions"] == []
    assert done.stats["two_step_signins"] == 1 and done.stats["codes_sent"] == 1, done.stats
    assert "bizd: 1 two-step sign-in(s) this run" in done.output
    walked = [t for t in results["tests"] if t["outcome"] == "passed"]
    assert any("test_signing_out_of_a_cached_account" in t["test"] for t in walked), "the sign-out walk ran"
    assert len(walked) >= 20, [t["test"] for t in walked]
    # The identity provider's session cookie was a secret of the run, and no artifact holds it.
    cookies = [value for kind, value in done.registered if kind == "session_cookie"]
    assert cookies, "the session cookie was not registered for masking"
    assert secrets.find_secrets(done.reports, [("session_cookie", c) for c in cookies]) == []
    # Nothing signed in is left behind, and the daily ledger counted the one sign-in (not the ID).
    assert not list(done.state_home.rglob("auth-*.json"))
    ledger = (done.state_home / "bizd-login-suite" / "signins.json").read_text()
    assert DEMO_ACCOUNT_ID not in ledger and len(SignInLedger(folder=done.state_home / "bizd-login-suite")
                                                 .recent(DEMO_ACCOUNT_ID)) == 1


@pytest.mark.parametrize(("scenario", "screen"), [("account-locked", "ビジネスdアカウント ログイン（ID入力）"),
                                                  ("locked-at-two-step", "2段階認証")],
                         ids=["at-the-id-screen", "at-two-step"])
def test_a_lock_answer_stops_the_run_before_any_further_attempt(rehearse: Rehearse, scenario: str,
                                                              screen: str) -> None:
    done = rehearse("-p", "no:xdist", scenarios=(scenario,))
    assert done.returncode != 0
    message = "the identity provider reports a lock or too many attempts on 「{}」: 「アカウントがロックされました。"
    assert f"Interrupted: {message.format(screen)}" in done.output, done.output[-4000:]
    assert done.stats["id_submitted"] == 1 and done.stats.get("two_step_submitted", 0) == (screen == "2段階認証")
    assert done.stats["codes_sent"] == (1 if screen == "2段階認証" else 0)
    assert "security code email" not in done.output, "a lock is not a missing code mail"
    results = done.results()
    assert results["revisions"] == [], "a lock is not a change of the manual"
    assert [t["class"] for t in results["tests"] if t["outcome"] != "skipped"] == ["ERROR"]


def test_an_exhausted_daily_budget_stops_the_run_before_any_sign_in(rehearse: Rehearse,
                                                                     tmp_path: Path) -> None:
    SignInLedger(limit=1, folder=tmp_path / "state" / "bizd-login-suite").record(DEMO_ACCOUNT_ID)
    done = rehearse("-p", "no:xdist", "--max-signins-per-day", "1", "--service", "cloudsign")
    assert done.returncode == 4, done.output[-3000:]  # pytest's usage error, before any test
    assert "stopped before any sign-in: 1 two-step sign-ins of this account in the last 24 hours (limit 1" \
        in done.output
    assert done.stats.get("id_submitted", 0) == 0 and done.stats["codes_sent"] == 0


def _wait_for(predicate: Callable[[], object], timeout: float, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert process.poll() is None, "the run ended before its signed-in state was written"
        assert time.monotonic() < deadline, "no signed-in state within the timeout"
        time.sleep(0.05)  # polling another process's files (no event to wait on), bounded by the deadline


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_run_leaves_no_usable_session_after_the_next_start(tmp_path: Path, clean_env: dict[str, str],
                                                                     how: signal.Signals) -> None:
    services = [a for s in ("cloudsign", "wisebook", "karaden-sms", "dxmail", "efax", "jsaas") for a in ("--service", s)]
    state = tmp_path / "state"
    with testing.standalone(tmp_path / "mock", env=clean_env) as mock:
        env = _env(tmp_path, mock, clean_env)
        run = subprocess.Popen(_command(mock, "-p", "no:xdist", *services), cwd=ROOT, env=env, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            _wait_for(lambda: list(state.rglob("auth-*.json")), 60, run)
            if how is signal.SIGKILL:
                os.killpg(run.pid, signal.SIGKILL)  # the run and its browsers: no handler runs
            else:
                run.send_signal(how)
            run.wait(timeout=60)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
        if how is signal.SIGKILL:
            assert list(state.rglob("auth-*.json")), "SIGKILL left nothing: the test proves nothing"
            # The next start of the suite, whatever it runs, removes what the killed run left.
            subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/walks/test_documented_paths.py"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert not list(state.rglob("auth-*.json"))
    assert not list((state / "bizd-login-suite" / "runs").iterdir())
