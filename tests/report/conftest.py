"""Fixtures of the report's own tests: two runs started together in the background — a synthetic
suite of walks over the real flows (two xdist workers, so the controller builds the report from
serialized records) and the real main job on two mock services — and a Chromium that opens their
reports offline."""
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
from loginsuite.run import REPORTS_ENV, ROOT

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


@dataclass
class Job:
    """A run started in the background (its own pytest, its own Playwright), output kept in a file."""

    process: subprocess.Popen[bytes]
    log: Path
    started: float

    def wait(self, timeout: float = 300) -> tuple[int, str, float]:
        code = self.process.wait(timeout=timeout)
        return code, self.log.read_text(encoding="utf-8", errors="replace"), time.monotonic() - self.started


def start(command: list[str], cwd: Path, log: Path, env: dict[str, str]) -> Job:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Job(process, log, time.monotonic())


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the suite's variables (a run folder of the calling run, credentials).

    This checkout's code first: a run started outside it (the sample's project folder) would otherwise
    import the package the virtual environment was installed from (another worktree's, say)."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {k: v for k, v in os.environ.items() if not k.startswith("BIZD_")} | {"PYTHONPATH": path} | extra


def start_sample(folder: Path, *extra: str) -> Job:
    """The sample suite into ``folder/run``: report, junit, run folder, traces of failures."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(SAMPLE / "sample_conftest.py", project / "conftest.py")
    shutil.copy(SAMPLE / "sample_walks.py", project / "test_walks.py")
    run = folder / "run"
    return start([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--html={run / 'report.html'}",
                  "--self-contained-html", f"--junitxml={run / 'junit.xml'}", f"--run-dir={run}",
                  f"--output={run / 'playwright'}", "--tracing=retain-on-failure", *extra],
                 project, folder / "pytest.log", clean_env(SAMPLE_SECRET=SECRET))


def start_main_job(reports: Path) -> Job:
    """``python -m loginsuite run`` on two mock services, NewsPicks' SSO button renamed."""
    return start([sys.executable, "-m", "loginsuite", "run", "--", "--service", "cloudsign", "--service",
                  "newspicks", "--mock-scenario", "newspicks-sso-renamed", "-k", "test_documented_path",
                  "-p", "no:cacheprovider"],
                 ROOT, reports.parent / "main-job.log", clean_env(**{REPORTS_ENV: str(reports)}))


@dataclass
class Runs:
    sample: Job
    sample_folder: Path
    main_job: Job
    reports: Path


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """Both runs at once: each mostly waits on its browser, so together they take the time of one."""
    sample = tmp_path_factory.mktemp("sample")
    previous = write_previous_results(sample / "previous-results.json")
    reports = tmp_path_factory.mktemp("main") / "reports"
    started = Runs(start_sample(sample, "-n", "2", f"--previous-run={previous}"), sample / "run",
                   start_main_job(reports), reports)
    yield started
    for job in (started.sample, started.main_job):
        if job.process.poll() is None:
            job.process.kill()
            job.process.wait()


@pytest.fixture(scope="session")
def sample_run(runs: Runs) -> SampleRun:
    """The sample with two xdist workers, so the controller builds the report from serialized records."""
    code, output, seconds = runs.sample.wait()
    assert code == 1 and (runs.sample_folder / "report.html").is_file(), output  # 3 of its tests fail
    return SampleRun(runs.sample_folder, output, seconds)


@pytest.fixture(scope="session")
def main_job(runs: Runs) -> Path:
    """reports/latest of the main job's run."""
    code, output, _ = runs.main_job.wait()
    assert code == 1, output[-4000:]  # the drift fails the run
    return runs.reports / "latest"


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
