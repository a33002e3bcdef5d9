"""Runs that never misreport themselves: folders unique per run, bad arguments leave none, `latest`
moves only to a complete run in one rename, killed and interrupted runs are marked and left out."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import clean_env
from loginsuite import cli, runstate
from loginsuite.nightly.history import load_nights
from loginsuite.run import REPORTS_ENV, ROOT, link_latest, previous_run


def _complete_run(reports: Path, name: str) -> Path:
    folder = reports / name
    folder.mkdir(parents=True)
    (folder / "results.json").write_text(json.dumps({"format": "bizd-results/1", "run": {}, "checks": []}),
                                         encoding="utf-8")
    runstate.mark(folder, runstate.COMPLETE)
    return folder


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reports folder with one complete run that `latest` points at."""
    folder = tmp_path / "reports"
    link_latest(_complete_run(folder, "20261201-090000-mock"))
    monkeypatch.setenv(REPORTS_ENV, str(folder))
    return folder


def _folders(reports: Path) -> list[str]:
    return sorted(p.name for p in reports.iterdir() if not p.is_symlink())


@pytest.mark.parametrize("arguments, said", [
    (["--service", "no-such-service"], "--service"),
    (["--mock-scenario", "no-such-scenario"], "--mock-scenario"),
    (["--flows", "/nonexistent/flows"], "manual.yaml"),
], ids=["service", "mock-scenario", "flows"])
def test_a_bad_argument_leaves_no_run_folder_and_latest_unchanged(
        reports: Path, arguments: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", "--", *arguments]) == pytest.ExitCode.USAGE_ERROR
    assert said in capsys.readouterr().err
    assert _folders(reports) == ["20261201-090000-mock"]
    assert os.readlink(reports / "latest") == "20261201-090000-mock"


def test_an_option_pytest_refuses_leaves_no_run_folder(reports: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "loginsuite", "run", "--", "--role", "nobody"], cwd=ROOT,
                          env=clean_env(**{REPORTS_ENV: str(reports)}), capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stderr
    assert "--role" in done.stderr and "report:" not in done.stderr
    assert _folders(reports) == ["20261201-090000-mock"]
    assert os.readlink(reports / "latest") == "20261201-090000-mock"


def test_two_runs_started_in_the_same_second_get_folders_of_their_own(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 3, 9, 0, 0)
    first, second = runstate.new_folder(tmp_path, "mock", now), runstate.new_folder(tmp_path, "mock", now)
    assert (first.name, second.name) == ("20261203-090000-mock", "20261203-090000-mock-2")
    assert runstate.status(second) == runstate.RUNNING  # this process is alive
    runstate.mark(first, runstate.COMPLETE)
    (first / "results.json").write_text("{}", encoding="utf-8")
    (second / "results.json").write_text("{}", encoding="utf-8")
    assert previous_run(tmp_path / "20261203-090001-mock") == first  # the running one is no previous run


def _killed_run(reports: Path, name: str) -> Path:
    """A run folder whose process died without a word (SIGKILL): status running, pid gone."""
    folder = _complete_run(reports, name)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (folder / runstate.STATUS).write_text(json.dumps({"status": "running", "pid": gone.pid,
                                                      "host": os.uname().nodename}), encoding="utf-8")
    return folder


def test_a_killed_run_is_incomplete_and_left_out_of_compare_and_history(
        reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    complete = reports / "20261201-090000-mock"
    killed = _killed_run(reports, "20261202-090000-mock")
    assert runstate.status(killed) == runstate.INCOMPLETE
    assert previous_run(reports / "20261203-090000-mock") == complete
    assert cli.main(["compare", str(complete), str(killed)]) == 2
    assert "incomplete" in capsys.readouterr().err
    assert cli.main(["compare", str(complete), str(killed), "--include-incomplete"]) == 0
    night = _killed_run(reports, "20261202-030000-nightly")
    assert load_nights(reports, reports) == ([], [])
    shown, _problems = load_nights(reports, reports, include_unfinished=True)
    assert [(n.folder, n.status) for n in shown] == [(night, runstate.INCOMPLETE)]


def test_latest_is_switched_in_one_step_never_missing_for_a_reader(tmp_path: Path) -> None:
    runs = [_complete_run(tmp_path, f"2026120{n}-090000-mock") for n in (1, 2)]
    link_latest(runs[0])
    seen: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(os.readlink(tmp_path / "latest"))  # raises if latest is ever missing

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(300):
            link_latest(runs[n % 2])
    finally:
        stop.set()
        reader.join()
    assert set(seen) <= {r.name for r in runs} and seen
    assert sorted(p.name for p in tmp_path.iterdir()) == [*(r.name for r in runs), "latest"]  # nothing staged left
