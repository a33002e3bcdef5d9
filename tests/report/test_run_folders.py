"""The main job's run folders: the previous run of the same label, and reports/latest."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from loginsuite import run

ROOT = Path(__file__).resolve().parents[2]


def _run(reports: Path, name: str, finished: bool = True) -> Path:
    folder = reports / name
    folder.mkdir(parents=True)
    if finished:
        (folder / "results.json").write_text("{}", encoding="utf-8")
        (folder / "report.html").write_text("<html></html>", encoding="utf-8")
    return folder


def test_previous_run_is_the_newest_finished_one_of_the_same_label(tmp_path: Path) -> None:
    _run(tmp_path, "20250501-090000-mock")
    expected = _run(tmp_path, "20250502-090000-mock")
    _run(tmp_path, "20250503-090000-mock", finished=False)
    _run(tmp_path, "20250504-090000-live")
    current = _run(tmp_path, "20250505-090000-mock", finished=False)
    assert run.previous_run(current) == expected
    assert run.previous_run(tmp_path / "20250101-000000-mock") is None


def test_pytest_args_hand_the_previous_run_and_the_run_folder_to_the_report(tmp_path: Path) -> None:
    before = _run(tmp_path, "20250501-090000-live")
    current = _run(tmp_path, "20250502-090000-live", finished=False)
    args = run.pytest_args("live", current, ["-x"])
    assert f"--previous-run={before}" in args and f"--run-dir={current}" in args and args[-1] == "-x"


def test_latest_is_a_relative_symlink_to_the_newest_run(tmp_path: Path) -> None:
    first, second = _run(tmp_path, "20250501-090000-mock"), _run(tmp_path, "20250502-090000-mock")
    run.link_latest(first)
    latest = run.link_latest(second)
    assert latest.is_symlink() and os.readlink(latest) == second.name
    assert (latest / "report.html").is_file()


def test_latest_is_a_copy_where_symlinks_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _run(tmp_path, "20250501-090000-mock")

    def refuse(self: Path, target: str, target_is_directory: bool = False) -> None:
        raise OSError("symlinks not supported here")

    monkeypatch.setattr(Path, "symlink_to", refuse)
    latest = run.link_latest(folder)
    assert latest.is_dir() and not latest.is_symlink() and (latest / "report.html").is_file()
    run.link_latest(folder)  # replacing an earlier copy
    assert (latest / "results.json").is_file()


def test_a_live_run_retries_a_failed_check_once_but_never_a_locked_account(tmp_path: Path) -> None:
    """The live rerun options, applied by pytest-rerunfailures to a flaky check and to a lock."""
    tries = tmp_path / "tries"
    (tmp_path / "test_live.py").write_text(
        "from pathlib import Path\n"
        "from loginsuite.mismatch import AccountLocked\n"
        f"TRIES = Path({str(tries)!r})\n"
        "def _count(name):\n"
        "    with TRIES.open('a') as f:\n"
        "        f.write(name + '\\n')\n"
        "def test_flaky():\n"
        "    _count('flaky')\n"
        "    assert TRIES.read_text().count('flaky') > 1\n"
        "def test_locked():\n"
        "    _count('locked')\n"
        "    raise AccountLocked('2段階認証', 'ロックされています')\n",
        encoding="utf-8")
    options = [o for o in run.live_reruns() if not o.startswith("--reruns-delay")]
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-o", "addopts=",
                           "--rootdir", str(tmp_path), *options, str(tmp_path / "test_live.py")],
                          capture_output=True, text=True, check=False, timeout=120, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert tries.read_text().splitlines().count("flaky") == 2, done.stdout
    assert tries.read_text().splitlines().count("locked") == 1, done.stdout
