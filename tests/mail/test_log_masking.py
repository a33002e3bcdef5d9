"""Registered secrets never reach a log pytest writes, whatever the level or the handler."""
from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD, CODE = "Live-Pass-w0rd!", "739204"

# The secrets reach the inner run through its environment, so that its source (which a failure's
# traceback prints) does not hold them.
TEST_FILE = '''
import base64, logging, os, quopri
from urllib.parse import quote
import pytest
from loginsuite import secrets

log = logging.getLogger("bizd.example")
PASSWORD, CODE = os.environ["LEAKY_PASSWORD"], os.environ["LEAKY_CODE"]

@pytest.fixture(autouse=True)
def registered():
    secrets.register(PASSWORD, "password")
    secrets.register(CODE, "code")

def test_logs_every_form(caplog):
    caplog.set_level(logging.DEBUG)
    body = f"セキュリティコード：{CODE}\\nパスワード {PASSWORD}\\n".encode()
    log.debug("typed %s and %s", PASSWORD, CODE)
    log.info("mail body base64 %s", base64.encodebytes(body).decode())
    log.warning("mail body qp %s", quopri.encodestring(body).decode())
    log.error("posted password=%s", quote(PASSWORD).lower())
    assert PASSWORD not in caplog.text and CODE not in caplog.text
    assert all(CODE not in r.getMessage() for r in caplog.records)
    assert False, "fail so that the report shows the captured log"
'''


@pytest.mark.parametrize("live", [True, False], ids=["live-log", "captured-only"])
def test_live_log_captured_log_junit_and_log_file_are_masked(tmp_path: Path, live: bool) -> None:
    """Without the live log the captured-log handlers must mask on their own: one handler's filter
    masks the record for all that follow, so the live one could hide a gap."""
    (tmp_path / "test_leaky.py").write_text(TEST_FILE)
    options = ["--log-cli-level=DEBUG"] if live else ["--log-file-level=DEBUG"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEAKY_PASSWORD": PASSWORD, "LEAKY_CODE": CODE}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "loginsuite.logmask", "-p", "no:cacheprovider",
         *options, "--log-level=DEBUG", f"--log-file={tmp_path / 'run.log'}", "-o", "junit_logging=all",
         f"--junitxml={tmp_path / 'junit.xml'}", "-rA", "test_leaky.py"],
        check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert "1 failed" in output, output
    assert "fail so that the report shows the captured log" in output
    assert "Captured log call" in output and ("live log call" in output) is live
    written = {"console": output, "junit": (tmp_path / "junit.xml").read_text()}
    if live:
        written["log file"] = (tmp_path / "run.log").read_text()
    for where, text in written.items():
        assert PASSWORD not in text and CODE not in text, where
        assert "••••••" in text, where
    for form in (base64.b64encode(CODE.encode()).decode(), "Live-Pass-w0rd=21", "Live-Pass-w0rd%21"):
        assert form not in output, form
