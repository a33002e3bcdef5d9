"""The main job's run folders: the previous run of the same label, and reports/latest."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from loginsuite import run


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
