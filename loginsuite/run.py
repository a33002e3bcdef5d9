"""The main job: walk every documented path and write the run folder under reports/.

``reports/<YYYYmmdd-HHMMSS>-<target>/`` gets report.html (self-contained), junit.xml, results.json,
revisions.md, shots/ and playwright/ (traces, when asked for); ``reports/latest`` points at the
newest main-job run (a symlink, or a copy where symlinks cannot be made). The previous run with the
same label, when there is one, is handed to the report plugin, which starts the report with what
changed since.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
REPORTS_ENV = "BIZD_REPORTS_DIR"  # another reports folder for the main job (tests, CI workspaces)
LATEST = "latest"
_RUN_NAME = re.compile(r"^\d{8}-\d{6}-(?P<label>[a-z]+)$")


def reports_dir() -> Path:
    return Path(os.environ.get(REPORTS_ENV) or REPORTS)


def run_folder(target: str, now: dt.datetime | None = None, reports: Path = REPORTS) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return reports / f"{stamp}-{target}"


def prepare_run_folder(label: str, reports: Path = REPORTS) -> Path:
    """A new run folder, made and announced to the run's plugins (BIZD_RUN_DIR), for any job."""
    folder = run_folder(label, reports=reports)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["BIZD_RUN_DIR"] = str(folder)
    return folder


def previous_run(folder: Path) -> Path | None:
    """The newest earlier run folder beside ``folder`` with the same label that finished with results.json."""
    own = _RUN_NAME.match(folder.name)
    reports = folder.parent
    if own is None or not reports.is_dir():
        return None
    runs = [
        p for p in reports.iterdir()
        if p.name < folder.name and p.is_dir() and not p.is_symlink()
        and (m := _RUN_NAME.match(p.name)) and m["label"] == own["label"] and (p / "results.json").is_file()
    ]
    return max(runs, key=lambda p: p.name, default=None)


def link_latest(folder: Path) -> Path:
    """Point ``latest`` beside ``folder`` at it: a relative symlink, else a copy (filesystems without links)."""
    latest = folder.parent / LATEST
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.is_dir():
        shutil.rmtree(latest)
    try:
        latest.symlink_to(folder.name, target_is_directory=True)
    except OSError:
        shutil.copytree(folder, latest)
    return latest


def pytest_args(target: str, folder: Path, extra: list[str]) -> list[str]:
    previous = previous_run(folder)
    return [
        str(ROOT / "tests" / "walks"),
        f"--rootdir={ROOT}",
        f"--target={target}",
        f"--html={folder / 'report.html'}",
        "--self-contained-html",
        f"--junitxml={folder / 'junit.xml'}",
        f"--output={folder / 'playwright'}",
        f"--run-dir={folder}",
        *([f"--previous-run={previous}"] if previous else []),
        # Real sites hiccup: a failed live check is tried once more (pytest-rerunfailures); one that
        # passes then is reported as a rerun (flaky), not as a plain pass. Mock runs are deterministic.
        *(["--reruns=1", "--reruns-delay=5"] if target == "live" else []),
        *extra,
    ]


def run_suite(target: str, extra: list[str]) -> int:
    folder = prepare_run_folder(target, reports_dir())
    args = pytest_args(target, folder, extra)
    code = pytest.main(args)
    latest = link_latest(folder)
    print(f"\nreport: {folder / 'report.html'}  (also {latest / 'report.html'})", file=sys.stderr)
    previous = previous_run(folder)
    if previous and (folder / "results.json").is_file():
        from loginsuite.compare import format_comparison, load_comparison

        print(format_comparison(load_comparison(previous, folder)), file=sys.stderr)
    return 0 if code == 0 else int(code)
