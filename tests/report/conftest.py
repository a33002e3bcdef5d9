"""Fixtures of the report's own tests: one synthetic run (a small suite of walks over the real flows,
run in a subprocess with two xdist workers so the controller builds the report from serialized
records), and a Chromium page that opens its report offline."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route

from loginsuite.browser import launch_options

SAMPLE = Path(__file__).parent / "sample"
SECRET = "Sample-Passw0rd-4711"  # typed by the sample walks (sample/sample_walks.py)


@dataclass(frozen=True)
class SampleRun:
    folder: Path
    output: str
    seconds: float

    @property
    def html(self) -> Path:
        return self.folder / "report.html"

    @property
    def results(self) -> dict[str, Any]:
        return json.loads((self.folder / "results.json").read_text(encoding="utf-8"))


def write_previous_results(path: Path) -> Path:
    """A hand-made earlier run of the sample: NewsPicks' screen passed then (newly failing now),
    cloudsign's screen drifted (fixed now), aidma was unreachable (still failing)."""
    def row(test: str, case: str, service: str, check: str, cls: str) -> dict[str, Any]:
        status = "passed" if cls == "OK" else "failed"
        return {"id": f"{case}/{check}", "test": f"test_walks.py::{test}[chromium]", "service": service,
                "entry": case, "check": check, "status": status, "class": cls, "page": 12, "step": None,
                "message": "" if cls == "OK" else "then"}

    data = {"format": "bizd-results/1",
            "run": {"started": "2025-04-01T03:17:00+09:00", "target": "mock", "suite_version": "earlier"},
            "checks": [row("test_renamed_entry_button_drifts", "newspicks", "NewsPicks+d プレミアム会員", "screen", "OK"),
                       row("test_documented_path_passes", "cloudsign", "dX電子契約", "screen", "DRIFT"),
                       row("test_unreachable_site", "aidma", "dX顧客開拓", "url", "UNREACHABLE")]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_sample(folder: Path, *extra: str) -> SampleRun:
    """Run the sample suite in a subprocess (its own pytest, its own Playwright) into ``folder/run``."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(SAMPLE / "sample_conftest.py", project / "conftest.py")
    shutil.copy(SAMPLE / "sample_walks.py", project / "test_walks.py")
    run = folder / "run"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIZD_")} | {"SAMPLE_SECRET": SECRET}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--html={run / 'report.html'}",
         "--self-contained-html", f"--junitxml={run / 'junit.xml'}", f"--run-dir={run}",
         f"--output={run / 'playwright'}", "--tracing=retain-on-failure", *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    output = done.stdout + done.stderr
    assert (run / "report.html").is_file(), output
    return SampleRun(run, output, time.monotonic() - started)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    folder = tmp_path_factory.mktemp("sample")
    previous = write_previous_results(folder / "previous-results.json")
    return run_sample(folder, "-n", "2", f"--previous-run={previous}")


@pytest.fixture(scope="session")
def report_browser(playwright: Playwright) -> Iterator[Browser]:
    """The suite's own Chromium, launched as the suite launches it (pytest-playwright's Playwright)."""
    options: dict[str, Any] = launch_options()
    browser = playwright.chromium.launch(**options)
    yield browser
    browser.close()


@dataclass
class ReportView:
    page: Page
    refused: list[str]  # requests the report tried to make to anything but file: and data:


@pytest.fixture
def report_view(report_browser: Browser, sample_run: SampleRun) -> Iterator[ReportView]:
    """The sample's report, opened offline: every request that is not file: or data: is refused and kept."""
    context = report_browser.new_context(viewport={"width": 1400, "height": 900})
    view = ReportView(context.new_page(), [])

    def refuse(route: Route) -> None:
        view.refused.append(route.request.url)
        route.abort()

    view.page.route(lambda url: not url.startswith(("file:", "data:")), refuse)
    view.page.goto(sample_run.html.as_uri())
    yield view
    context.close()
