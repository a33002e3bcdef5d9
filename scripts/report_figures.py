#!/usr/bin/env python3
"""Figures of the main job's output as a reader meets it: a clean run and drifted runs on the mock.

For each run (``python -m loginsuite run`` on the embedded mock, in a temporary reports folder) it
prints the report's size, its height as Chromium lays it out (the page opened at 1280 px wide), the
console lines the run printed, the number of screenshots embedded, and the proposed revisions
(revisions.md's items: page, step and wording). Scenarios: none (clean), a change on the shared
2段階認証 screen (two-step-login-renamed) and a moved URL (url-moved).

    .venv/bin/python scripts/report_figures.py [--scenario NAME ...] [-- PYTEST OPTIONS]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_SCENARIOS = ["", "two-step-login-renamed", "url-moved"]


def _run(reports: Path, scenario: str, extra: list[str]) -> tuple[Path, list[str], float]:
    args = [*(["--mock-scenario", scenario] if scenario else []), *extra]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIZD_")} | {"BIZD_REPORTS_DIR": str(reports)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "loginsuite", "run", "--", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800, check=False)
    seconds = time.perf_counter() - started
    lines = (done.stdout + done.stderr).splitlines()
    [folder] = [p for p in reports.iterdir() if p.is_dir() and not p.is_symlink()]
    return folder, lines, seconds


def _height(report: Path) -> int:
    from playwright.sync_api import sync_playwright

    from loginsuite.browser import launch_options

    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(report.as_uri(), wait_until="load")
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        browser.close()
    return height


def _revisions(folder: Path) -> list[str]:
    text = (folder / "revisions.md").read_text(encoding="utf-8") if (folder / "revisions.md").is_file() else ""
    return [line.strip() for line in text.splitlines() if re.match(r"^#{2,3} ", line)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", action="append", default=None, help="a mock scenario ('' for a clean run)")
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    extra = [a for a in args.pytest_args if a != "--"]
    for scenario in args.scenario if args.scenario is not None else DEFAULT_SCENARIOS:
        with tempfile.TemporaryDirectory(prefix="report-figures-") as tmp:
            folder, lines, seconds = _run(Path(tmp), scenario, extra)
            report = folder / "report.html"
            html = report.read_text(encoding="utf-8") if report.is_file() else ""
            print(f"== {scenario or 'clean'}: {seconds:.0f} s")
            print(f"   report.html {report.stat().st_size / 1024:.0f} KB, {_height(report)} px tall at 1280 px, "
                  f"{html.count('data:image/png')} embedded pictures" if html else "   no report")
            print(f"   console: {len(lines)} lines")
            for line in lines[-4:]:
                print(f"     | {line}")
            revisions = _revisions(folder)
            print(f"   revisions.md: {len(revisions)} heading(s)")
            for line in revisions[:12]:
                print(f"     {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
