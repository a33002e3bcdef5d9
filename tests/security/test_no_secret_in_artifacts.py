"""Nothing secret in any artifact: a full mock sign-in with a known password and tracing on, then every
file the run wrote (report, results.json, junit.xml, revisions.md, screenshots and their metadata,
logs, every member of every trace.zip: actions, DOM snapshots, network log, posted bodies) is searched
for the password, every security code that was sent, the account ID (traces) and the identity
provider's session cookie: zero occurrences. Video needs Playwright's own ffmpeg, not on these machines."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tracecheck import assert_usable_and_clean, traces_under

from loginsuite import secrets
from mocksites.accounts import DEMO_ACCOUNT_ID, DEMO_PASSWORD
from mocksites.idp import SSO_COOKIE

ROOT = Path(__file__).resolve().parents[2]


def test_full_traced_sign_in_leaves_no_password_code_id_or_session_in_any_artifact(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    spy = tmp_path / "codes.txt"
    log = tmp_path / "run.log"
    done = subprocess.run(
        [sys.executable, "-m", "loginsuite", "run", "--", "--service", "cloudsign", "--service", "karaden-sms",
         "-p", "codes_spy", "--screenshot=on", "--tracing=on", "--check-timeout=15000", "-k", "test_documented_path",
         "-p", "no:xdist", f"--log-file={reports / 'pytest.log'}", "--log-file-level=DEBUG", "-rA"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "BIZD_REPORTS_DIR": str(reports), "CODES_SPY_FILE": str(spy), "BIZD_LANG": "en",
             "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))},
    )
    log.write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout[-3000:]
    codes = set(spy.read_text().split()) if spy.exists() else set()
    assert len(codes) >= 2, "the run should have signed in twice (two emailed codes)"
    run = next(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink())
    assert (run / "report.html").is_file() and list((run / "shots").glob("*.png"))
    traces = traces_under(run / "playwright")
    assert len(traces) == 2, f"one trace per walk expected, found {traces}"
    for trace in traces:
        assert_usable_and_clean(trace, SSO_COOKIE)
    assert "2 trace(s) cleaned of secrets before they were kept" in done.stdout
    assert "trace cleaned of secrets" in (run / "report.html").read_text(encoding="utf-8")
    wanted = {"password": DEMO_PASSWORD, **{f"code {c}": c for c in codes}}
    leaks = secrets.find_secrets(reports, wanted) + secrets.find_secrets(log.parent / "run.log", wanted)
    assert leaks == []
    assert secrets.find_secrets(run / "playwright", {"account ID": DEMO_ACCOUNT_ID}) == []
    # …and the search would have noticed: a planted leak is found.
    (reports / "planted.txt").write_text(f"code={min(codes)}")
    assert [kind for _, kind in secrets.find_secrets(reports, wanted)] == [f"code {min(codes)}"]
