"""Nothing secret in any artifact: a full mock sign-in with a known password, then every file the run
wrote (report, results.json, junit.xml, revisions.md, screenshots and their metadata, logs; video needs Playwright's own ffmpeg, not on these machines) is
searched for the password and every security code that was sent: zero occurrences."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from loginsuite import secrets
from mocksites.accounts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_full_sign_in_leaves_no_password_or_code_in_any_artifact(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    spy = tmp_path / "codes.txt"
    log = tmp_path / "run.log"
    done = subprocess.run(
        [sys.executable, "-m", "loginsuite", "run", "--", "--service", "cloudsign", "--service", "karaden-sms",
         "-p", "codes_spy", "--screenshot=on", "--check-timeout=15000", "-k", "test_documented_path", "-p", "no:xdist",
         f"--log-file={reports / 'pytest.log'}", "--log-file-level=DEBUG", "-rA"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "BIZD_REPORTS_DIR": str(reports), "CODES_SPY_FILE": str(spy),
             "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))},
    )
    log.write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout[-3000:]
    codes = set(spy.read_text().split()) if spy.exists() else set()
    assert len(codes) >= 2, "the run should have signed in twice (two emailed codes)"
    run = next(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink())
    assert (run / "report.html").is_file() and list((run / "shots").glob("*.png"))
    wanted = {"password": DEMO_PASSWORD, **{f"code {c}": c for c in codes}}
    leaks = secrets.find_secrets(reports, wanted) + secrets.find_secrets(log.parent / "run.log", wanted)
    assert leaks == []
    # …and the search would have noticed: a planted leak is found.
    (reports / "planted.txt").write_text(f"code={sorted(codes)[0]}")
    assert [kind for _, kind in secrets.find_secrets(reports, wanted)] == [f"code {sorted(codes)[0]}"]
