"""The signed-in state's folder and the daily sign-in budget, unit by unit (the whole runs are in
test_live_rehearsal): owner-only, swept when its run is gone, kept while it lives; the budget counts
24 hours, refuses at the limit and never writes the account ID."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loginsuite import authstate, i18n
from loginsuite.signin_ledger import SignInLedger, SignInsExhausted


def test_run_folder_is_owner_only_and_kept_while_its_run_lives(tmp_path: Path) -> None:
    folder = authstate.RunAuthFolder(tmp_path)
    assert (folder.path.stat().st_mode & 0o777) == 0o700
    assert authstate.sweep_leftovers(tmp_path) == []
    folder.remove()
    assert not folder.path.exists()


def test_folder_of_a_killed_run_is_swept_at_the_next_start(tmp_path: Path) -> None:
    # A process that makes its folder and dies without clean-up (as under SIGKILL).
    code = ("import os, sys; from pathlib import Path; from loginsuite.authstate import RunAuthFolder; "
            "f = RunAuthFolder(Path(sys.argv[1])); (f.path / 'auth-k.json').write_text('{}'); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60,
                   env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    left = list(tmp_path.glob("run-*/auth-k.json"))
    assert left
    assert authstate.sweep_leftovers(tmp_path) == [left[0].parent]
    assert not left[0].exists()



@pytest.mark.usefixtures("english")
def test_budget_refuses_at_the_limit_and_names_when_the_next_is_allowed(tmp_path: Path) -> None:
    ledger = SignInLedger(limit=2, folder=tmp_path)
    assert ledger.check("someone@example.jp") == 2
    assert ledger.record("someone@example.jp") == 1
    assert ledger.record("someone@example.jp") == 0
    with pytest.raises(SignInsExhausted, match=r"2 two-step sign-ins .* \(limit 2, .* after [A-Z][a-z]+ \d+, \d{4} \d\d:\d\d"):
        ledger.check("someone@example.jp")
    i18n.set_language("ja")
    with pytest.raises(SignInsExhausted, match=r"直近24時間で2回.*次に可能になるのは\d{4}年\d+月\d+日 \d\d:\d\d以降"):
        ledger.check("someone@example.jp")
    i18n.set_language("en")
    with pytest.raises(SignInsExhausted):
        ledger.record("someone@example.jp")
    assert ledger.check("other@example.jp") == 2  # per account


def test_budget_forgets_sign_ins_older_than_24_hours(tmp_path: Path) -> None:
    ledger = SignInLedger(limit=1, folder=tmp_path)
    old = (dt.datetime.now() - dt.timedelta(hours=24, minutes=1)).timestamp()
    ledger.path.write_text(json.dumps({"accounts": {ledger.key("someone@example.jp"): [old]}}))
    assert ledger.check("someone@example.jp") == 1


def test_ledger_holds_no_account_id_and_is_owner_only(tmp_path: Path) -> None:
    ledger = SignInLedger(limit=5, folder=tmp_path)
    ledger.record("someone@example.jp")
    assert "someone" not in ledger.path.read_text()
    for path in (ledger.path, tmp_path / "signins.salt"):
        assert (path.stat().st_mode & 0o777) == 0o600
    assert ledger.key("someone@example.jp") != SignInLedger(folder=tmp_path / "other").key("someone@example.jp")
