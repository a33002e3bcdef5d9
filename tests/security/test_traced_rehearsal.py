"""A traced live rehearsal: the main job in live mode with ``--tracing on --allow-live-tracing``,
credentials from the environment (the mock's demo account), every documented host mapped to the
stand-alone mock. Whatever the run wrote holds no password, code or account ID; the traces keep
their actions and lose their screen pictures (live: the account ID is in them)."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from email.utils import parseaddr
from pathlib import Path

from tracecheck import assert_usable_and_clean, traces_under

from loginsuite import secrets
from mocksites import testing
from mocksites.accounts import DEMO_ACCOUNT_ID, DEMO_PASSWORD
from mocksites.idp import SSO_COOKIE
from mocksites.mail import CODE_SENDER

ROOT = Path(__file__).resolve().parents[2]
_INHERITED = ("BIZD_", "PYTEST_", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")


def test_traced_live_rehearsal_leaves_no_password_code_or_id_in_any_artifact(tmp_path: Path) -> None:
    reports, spy = tmp_path / "reports", tmp_path / "codes.txt"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED)}
    with testing.standalone(tmp_path / "mock", env=clean) as mock:
        done = subprocess.run(
            [sys.executable, "-m", "loginsuite", "run", "--target", "live", "--", "--host-map", f"127.0.0.1:{mock.port}",
             "--service", "cloudsign", "--service", "karaden-sms", "-k", "test_documented_path", "-p", "no:xdist",
             "--tracing=on", "--allow-live-tracing", "--screenshot=on", "-p", "codes_spy", "--check-timeout=15000",
             f"--log-file={reports / 'pytest.log'}", "--log-file-level=DEBUG"],
            cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
            # Its own state folder: the run's sign-in ledger (--max-signins-per-day) counts only this test.
            env={**clean, "XDG_STATE_HOME": str(tmp_path / "state"),
                 "BIZD_REPORTS_DIR": str(reports), "BIZD_LANG": "en", "CODES_SPY_FILE": str(spy),
                 "BIZD_ACCOUNT_ID": DEMO_ACCOUNT_ID, "BIZD_PASSWORD": DEMO_PASSWORD,
                 "BIZD_CODE_SOURCE": "maildir", "BIZD_MAILDIR": str(mock.maildir),
                 "BIZD_CODE_SENDER": parseaddr(CODE_SENDER)[1],
                 "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))},
        )
    output = done.stdout + done.stderr
    (tmp_path / "run.log").write_text(output)
    assert done.returncode == 0, output[-3000:]
    assert "2 passed" in done.stdout, output[-3000:]
    codes = set(spy.read_text().split()) if spy.exists() else set()
    assert len(codes) == 1, "live: one two-step sign-in serves the run"
    run = next(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink())
    traces = traces_under(run / "playwright")
    assert len(traces) == 2, traces
    for trace in traces:
        # The one sign-in happens in a context of its own (not traced); the walks start from its
        # state, so the IdP's session cookie is in every request to it.
        assert_usable_and_clean(trace, SSO_COOKIE, signs_in=False)
        with zipfile.ZipFile(trace) as archive:
            assert not [n for n in archive.namelist() if n.startswith("screencast/")], "live: screen pictures kept"
    wanted = {"password": DEMO_PASSWORD, "account ID": DEMO_ACCOUNT_ID, **{f"code {c}": c for c in codes}}
    assert secrets.find_secrets(reports, wanted) == []
    assert secrets.find_secrets(tmp_path / "run.log", wanted) == []
    # The same search finds a leak planted where a trace would be.
    (run / "playwright" / "planted.txt").write_text(f"id={DEMO_ACCOUNT_ID}")
    assert [kind for _, kind in secrets.find_secrets(reports, wanted)] == ["account ID"]
