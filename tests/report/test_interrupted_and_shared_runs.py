"""The real main job, stopped half-way by SIGINT, and run against one change on a shared screen plus a
moved URL: an interrupted run reports itself as such, and each change of the manual is one revision."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from conftest import clean_env
from loginsuite import runstate
from loginsuite.run import REPORTS_ENV, ROOT, link_latest

SERVICES = ("cloudsign", "newspicks", "akibare-hp", "josys")


def _main_job(reports: Path, *extra: str) -> subprocess.Popen[str]:
    args = [a for s in SERVICES for a in ("--service", s)]
    return subprocess.Popen([sys.executable, "-m", "loginsuite", "run", "--", *args, "-k", "test_documented_path",
                             "-p", "no:cacheprovider", *extra], cwd=ROOT, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=clean_env(**{REPORTS_ENV: str(reports)}),
                            start_new_session=True)  # its own process group: the whole group gets the signal


def _the_run(reports: Path) -> Path:
    [folder] = [p for p in reports.iterdir() if not p.is_symlink() and p.name != "20261201-090000-mock"]
    return folder


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The main job after a Ctrl-C (SIGINT to its process group) while its second walk runs."""
    reports = tmp_path_factory.mktemp("interrupted") / "reports"
    earlier = reports / "20261201-090000-mock"
    earlier.mkdir(parents=True)
    runstate.mark(earlier, runstate.COMPLETE)
    link_latest(earlier)
    job = _main_job(reports)
    assert job.stdout is not None
    lines = []
    for line in job.stdout:  # the console's walk lines: the first one means the second walk is under way
        lines.append(line)
        if line.startswith("[1/"):
            os.killpg(job.pid, signal.SIGINT)
            break
    output = "".join(lines) + job.communicate(timeout=180)[0]
    assert job.returncode == pytest.ExitCode.INTERRUPTED, output
    return reports, output


def test_an_interrupted_run_is_marked_interrupted_everywhere(interrupted: tuple[Path, str]) -> None:
    reports, output = interrupted
    folder = _the_run(reports)
    assert runstate.status(folder) == runstate.INTERRUPTED
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["status"] == "interrupted"
    assert 'data-status="interrupted"' in (folder / "report.html").read_text(encoding="utf-8")
    assert "中断" in output  # the console says so (in the reader's language)


def test_an_interrupted_run_has_no_drift_and_proposes_nothing(interrupted: tuple[Path, str]) -> None:
    folder = _the_run(interrupted[0])
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert {c["class"] for c in results["checks"]} <= {"OK", "ERROR", "SKIPPED", "N.A."}
    assert {t["class"] for t in results["tests"]} <= {"OK", "ERROR", "SKIPPED", "N.A."}
    assert results["revisions"] == []
    assert not re.search(r"^## \d+\.", (folder / "revisions.md").read_text(encoding="utf-8"), re.MULTILINE)


def test_an_interrupted_run_leaves_latest_at_the_last_complete_run(interrupted: tuple[Path, str]) -> None:
    assert os.readlink(interrupted[0] / "latest") == "20261201-090000-mock"


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main job with 2段階認証's ログイン renamed (every service passes it) and dXホームページ's URL moved."""
    reports = tmp_path_factory.mktemp("changed") / "reports"
    job = _main_job(reports, "--mock-scenario", "two-step-login-renamed", "--mock-scenario", "url-moved")
    output = job.communicate(timeout=600)[0]
    assert job.returncode == 1, output[-3000:]
    return reports / "latest"


def _revisions(run: Path) -> list[dict[str, Any]]:
    return list(json.loads((run / "results.json").read_text(encoding="utf-8"))["revisions"])


def test_a_change_on_a_shared_screen_is_one_revision_on_its_page(changed: Path) -> None:
    shared = [r for r in _revisions(changed) if r["check"] == "two_step"]
    assert len(shared) == 1
    [revision] = shared
    assert (revision["page"], revision["step"], revision["shared"]) == (6, "⑤", "bizd.two_step")
    assert revision["instead"] == "認証する"  # the renamed button in the same place, not a look-alike word
    assert "認証する" in revision["proposal"]
    assert set(revision["entries"]) == set(SERVICES)
    checks = json.loads((changed / "results.json").read_text(encoding="utf-8"))["checks"]
    assert {c["entry"] for c in checks if c.get("shared") == "bizd.two_step"} == set(SERVICES)


def test_a_moved_url_is_a_revision_of_the_url_table(changed: Path) -> None:
    [moved] = [r for r in _revisions(changed) if r["check"] == "url"]
    assert (moved["page"], moved["entries"]) == (5, ["akibare-hp"])
    assert moved["new_address"] == "https://www.dxhp.akibare-hp.com/member/login/"
    assert len(_revisions(changed)) == 2  # one per change of the manual, nothing else


def test_revisions_md_and_the_report_say_the_same(changed: Path, report_browser: Browser) -> None:
    md = (changed / "revisions.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\d+)\. (.+)$", md, re.MULTILINE)
    assert len(headings) == 2
    page = report_browser.new_page()
    page.goto((changed / "report.html").resolve().as_uri())
    shown = page.locator("#bizd-revisions .bizd-revision h3")
    expect(shown).to_have_text([f"{n}. {title}" for n, title in headings])
    for revision in _revisions(changed):
        expect(page.locator("#bizd-revisions")).to_contain_text(revision["proposal"])
        assert revision["proposal"] in md
    # Every row that failed on the shared screen points to its one revision.
    pointers = page.locator("#bizd-matrix a.bizd-shared")
    expect(pointers).to_have_count(len(SERVICES))
    pointers.first.click()
    expect(page.locator(".bizd-revision[data-shared='bizd.two_step']")).to_be_in_viewport()
    page.close()
