"""Approved screens end to end on the mock: 'approve' records a run's screens; an unchanged run is
'as approved' on every screen (another code, another time); a scenario that changes a screen's look
but none of its words is STALE with the approved picture, today's and the difference in the report."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    folder: Path
    output: str

    @property
    def results(self) -> dict[str, Any]:
        return json.loads((self.folder / "results.json").read_text(encoding="utf-8"))


def _env(reports: Path, baselines: Path) -> dict[str, str]:
    return {**os.environ, "BIZD_REPORTS_DIR": str(reports), "BIZD_BASELINES_DIR": str(baselines), "BIZD_LANG": "en"}


def walk(reports: Path, baselines: Path, *scenario: str) -> Run:
    """The main job on dX電子契約's documented path (three screens: its login, ID, 2段階認証)."""
    args = ["--service", "cloudsign", "-k", "test_documented_path", "-p", "no:xdist", "--check-timeout=15000",
            *(f"--mock-scenario={s}" for s in scenario)]
    done = subprocess.run([sys.executable, "-m", "loginsuite", "run", "--", *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=_env(reports, baselines))
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return Run((reports / "latest").resolve(), done.stdout + done.stderr)


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screens approved from a first mock run; the run itself wrote nothing there."""
    root = tmp_path_factory.mktemp("baselines")
    reports = tmp_path_factory.mktemp("approved-run")
    first = walk(reports, root)
    assert not any(root.iterdir()), "a run must never approve its screens by itself"
    assert {s["status"] for s in first.results["screens"]} == {"not_approved"}
    done = subprocess.run([sys.executable, "-m", "loginsuite", "approve", str(first.folder)], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=_env(reports, root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 screens approved for edition 2.5" in done.stdout
    return root


def test_approve_writes_a_committable_folder_per_edition(baselines: Path) -> None:
    edition = baselines / "2.5"
    manifest = json.loads((edition / "approved.json").read_text(encoding="utf-8"))
    assert sorted(manifest["screens"]) == ["cloudsign/id-2", "cloudsign/login-step", "cloudsign/two_step-5"]
    assert {s["page"] for s in manifest["screens"].values()} == {6, 16}
    for key in manifest["screens"]:
        assert (edition / f"{key}.png").is_file()
        aria = (edition / f"{key}.aria.yml").read_text(encoding="utf-8")
        assert aria.startswith("- ") and "demo@example.jp" not in aria
    assert "<value>" in (edition / "cloudsign" / "two_step-5.aria.yml").read_text(encoding="utf-8")


def test_an_unchanged_run_is_as_approved_on_every_screen(baselines: Path, tmp_path: Path) -> None:
    run = walk(tmp_path, baselines)  # another security code, another time
    screens = run.results["screens"]
    assert [s["status"] for s in screens] == ["as_approved"] * 3, [(s["key"], s["aria_diff"]) for s in screens]
    assert {t["class"] for t in run.results["tests"]} == {"OK"}
    assert all(re.fullmatch(r"as approved on \w+ \d{1,2}, 20\d\d", s["message"]) for s in screens), screens
    assert list((run.folder / "shots").glob("*.diff.png")) == []  # no difference, no difference image
    day = run.results["run"]["started"][:10]
    assert run.results["services"] == {"cloudsign": {"path_passed": day, "screens_matched": day}}


@pytest.mark.parametrize("scenario", ["look-new-banner", "look-new-layout", "look-recoloured"])
def test_a_changed_look_is_stale_with_three_pictures(scenario: str, baselines: Path, tmp_path: Path,
                                                    page: Page) -> None:
    report = page
    run = walk(tmp_path, baselines, scenario)
    results = run.results
    assert [t["class"] for t in results["tests"]] == ["STALE"]
    assert results["run"]["walks"].get("STALE") == 1
    by_key = {s["key"]: s for s in results["screens"]}
    login = by_key["cloudsign/login-step"]
    assert login["status"] == "changed" and login["message"] == "screen changed since approved, p.16"
    assert by_key["cloudsign/id-2"]["status"] == by_key["cloudsign/two_step-5"]["status"] == "as_approved"
    for picture in ("approved_shot", "shot", "diff_shot"):
        assert (run.folder / login[picture]).is_file(), picture
    assert results["services"]["cloudsign"]["path_passed"] == results["run"]["started"][:10]
    assert results["services"]["cloudsign"]["screens_matched"] is not None  # the day the screens were approved
    stale = [c for c in results["checks"] if c["class"] == "STALE"]
    assert [c["check"] for c in stale] == ["entry"]
    report.goto(run.folder.joinpath("report.html").as_uri())
    block = report.locator('.bizd-screen-changed[data-screen="cloudsign/login-step"]')
    expect(block).to_contain_text("screen changed since approved, p.16")
    expect(block.locator("img")).to_have_count(3)
    loaded = block.locator("img").evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert loaded == [True, True, True]
    expect(block.locator("figcaption")).to_have_text([re.compile(r"approved on \w+ \d{1,2}, 20\d\d"), "today",
                                                      "difference"])
    expect(report.locator('#bizd-verified tr[data-service="cloudsign"] td')).to_have_count(2)


@pytest.mark.parametrize("test", ["test_declining_consent_does_not_sign_in",
                                  "test_second_service_needs_no_code_when_kept_signed_in"])
def test_a_walk_off_the_documented_path_leaves_no_screenshot_and_no_screen_to_compare(test: str,
                                                                                      tmp_path: Path) -> None:
    """同意しない, and single sign-on (ログインしたままにする ticked, a second service without the ID screen),
    pass the documented services' screens in another state: under the same file names they would replace
    the documented walks' pictures and differ from the approved ones (single sign-on's first walk left a
    difference image behind in a run where every screen was as approved)."""
    done = subprocess.run([sys.executable, "-m", "loginsuite", "run", "--", "-k", test,
                           "-p", "no:xdist", "--check-timeout=15000"], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=_env(tmp_path / "reports", tmp_path / "baselines"))
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    run = Run((tmp_path / "reports" / "latest").resolve(), done.stdout)
    assert [t["class"] for t in run.results["tests"]] == ["OK"]
    assert run.results["screens"] == []
    assert list((run.folder / "shots").glob("*.png")) == []
