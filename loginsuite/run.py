"""The main job: walk every documented path and write the run folder under reports/."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"


def run_folder(target: str, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return REPORTS / f"{stamp}-{target}"


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
    folder = run_folder(target)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("BIZD_RUN_DIR", str(folder))
    code = pytest.main(pytest_args(target, folder, extra))
    print(f"\nreport: {folder / 'report.html'}", file=sys.stderr)
    return 0 if code == 0 else int(code)
