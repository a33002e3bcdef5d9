"""A live run with a mailbox mistake stops at session start: no browser opens, no request reaches
the identity provider, so the account's one sign-in is not spent. Proved with the walks in live
mode, every documented host mapped (--host-map) to a listener that counts connections."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from code_mails import IDP_SENDER
from dovecot_server import Dovecot

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.dovecot, pytest.mark.mock_only]


@pytest.fixture
def identity_provider() -> Iterator[tuple[int, list[object]]]:
    """Stands where every documented host is sent: counts whoever connects (no one should)."""
    seen: list[object] = []
    server = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            try:
                conn, peer = server.accept()
            except OSError:
                return
            seen.append(peer)
            conn.close()
    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], seen
    server.close()


def _live_run(tmp_path: Path, port: int, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BIZD_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/walks/test_documented_paths.py", "--target", "live",
         "--host-map", f"127.0.0.1:{port}", "--service", "cloudsign", "-q", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'base'}", f"--output={tmp_path / 'pw'}", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        # Its own state folder: the run's sign-in ledger (--max-signins-per-day) counts only this test.
        env={**base, "XDG_STATE_HOME": str(tmp_path / "state"),
             "PYTHONPATH": str(ROOT), "BIZD_ENV_FILE": str(tmp_path / "no.env"), "BIZD_LANG": "en",
             "BIZD_ACCOUNT_ID": "rehearsal@example.jp", "BIZD_PASSWORD": "Rehearsal-Pw-31", **env})


def _imap(dovecot: Dovecot, **overrides: str) -> dict[str, str]:
    return {"BIZD_CODE_SOURCE": "imap", "BIZD_IMAP_HOST": "127.0.0.1", "BIZD_IMAP_PORT": str(dovecot.imap_port),
            "BIZD_IMAP_USER": dovecot.user, "BIZD_IMAP_PASSWORD": dovecot.password, "BIZD_IMAP_SSL": "0",
            "BIZD_CODE_SENDER": IDP_SENDER, **overrides}


CASES = {
    "wrong-password": ({"BIZD_IMAP_PASSWORD": "not-the-Password-9"}, "BIZD_IMAP_PASSWORD"),
    "missing-folder": ({"BIZD_IMAP_FOLDER": "No Such Folder"}, "BIZD_IMAP_FOLDER"),
    "tls-on-plain-port": ({"BIZD_IMAP_SSL": "1"}, "BIZD_IMAP_SSL=0"),
    "blank-sender": ({"BIZD_CODE_SENDER": ""}, "BIZD_CODE_SENDER=*"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_mailbox_mistake_stops_the_live_run_before_any_request(
        dovecot: Dovecot, identity_provider: tuple[int, list[object]], tmp_path: Path,
        case: tuple[dict[str, str], str]) -> None:
    overrides, setting = case
    port, seen = identity_provider
    done = _live_run(tmp_path, port, _imap(dovecot, **overrides))
    output = done.stdout + done.stderr
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, output[-3000:]
    assert "stopped before any sign-in" in output and setting in output, output[-3000:]
    assert seen == [], "something connected to the identity provider"
    assert "not-the-Password-9" not in output and dovecot.password not in output


def test_with_xdist_the_controller_stops_before_any_worker_starts(
        dovecot: Dovecot, identity_provider: tuple[int, list[object]], tmp_path: Path) -> None:
    port, seen = identity_provider
    done = _live_run(tmp_path, port, _imap(dovecot, BIZD_IMAP_PASSWORD="not-the-Password-9"), "-n", "2")
    output = done.stdout + done.stderr
    assert done.returncode == pytest.ExitCode.USAGE_ERROR and "BIZD_IMAP_PASSWORD" in output, output[-3000:]
    assert "gw0" not in output and seen == []


def test_a_sound_mailbox_lets_the_run_go_on_to_the_sites(
        dovecot: Dovecot, identity_provider: tuple[int, list[object]], tmp_path: Path) -> None:
    """The control: the same run with the right settings passes the check and opens the sites."""
    port, seen = identity_provider
    done = _live_run(tmp_path, port, _imap(dovecot), "--check-timeout=3000")
    output = done.stdout + done.stderr
    assert done.returncode != pytest.ExitCode.USAGE_ERROR and "stopped before any sign-in" not in output, output[-3000:]
    assert seen, "the browser never reached the mapped sites"
