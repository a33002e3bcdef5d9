"""The main job: walk every documented path and write the run folder under reports/."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"


def run_folder(target: str, now: dt.datetime | None = None, reports: Path = REPORTS) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return reports / f"{stamp}-{target}"


def prepare_run_folder(label: str, reports: Path = REPORTS) -> Path:
    """A new run folder, made and announced to the run's plugins (BIZD_RUN_DIR), for any job."""
    folder = run_folder(label, reports=reports)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["BIZD_RUN_DIR"] = str(folder)
    return folder


def pytest_args(target: str, folder: Path, extra: list[str]) -> list[str]:
    return [
        str(ROOT / "tests" / "walks"),
        f"--rootdir={ROOT}",
        f"--target={target}",
        f"--html={folder / 'report.html'}",
        "--self-contained-html",
        f"--junitxml={folder / 'junit.xml'}",
        f"--output={folder / 'playwright'}",
        *extra,
    ]


def run_suite(target: str, extra: list[str]) -> int:
    folder = prepare_run_folder(target)
    code = pytest.main(pytest_args(target, folder, extra))
    print(f"\nreport: {folder / 'report.html'}", file=sys.stderr)
    return 0 if code == 0 else int(code)
