"""A stale screen is not a broken procedure: every cosmetic scenario of the mock is STALE with the
documented path walked to the end (signed in), names the screen fact that differs, and a change on a
shared screen is one finding for every service it affects."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mocksites.scenarios import registry

ROOT = Path(__file__).resolve().parents[2]
WALKED_TO_THE_END = {"url", "screen", "entry", "id", "two_step", "signed_in"}


@dataclass(frozen=True)
class Stale:
    services: tuple[str, ...]  # --service ids the scenario affects
    screen: str  # flows reference of the screen
    kind: str
    fact: str
    problem: str
    needs_approved_screens: bool = False  # no documented fact changes: only the approved pictures tell


# Written from flows/ (the screen facts) and the mock's own descriptions of its scenarios.
STALE: dict[str, Stale] = {
    "operator-note-removed": Stale(("cloudsign",), "cloudsign.login", "text",
                                   "※dX電子契約は、弁護士ドットコム株式会社が運営するクラウドサインによって提供しております。",
                                   "not_shown"),
    "terms-shown-as-text": Stale(("cloudsign",), "cloudsign.login", "link", "dX電子契約 利用規約", "shown_as_text"),
    "keep-checkbox-as-switch": Stale(("hotprofile-meishi",), "hotprofile-meishi.login", "checkbox",
                                     "ログイン状態を保存する", "shown_as_switch"),
    "field-removed": Stale(("hotprofile-meishi",), "hotprofile-meishi.login", "field", "顧客ID", "not_shown"),
    "screen-text-changed": Stale(("photolize",), "photolize.login", "text",
                                 "ビジネスd電子申請をご契約されているお客さまは 以下のログインボタンよりログインしてください",
                                 "not_shown"),
    "idp-about-link-removed": Stale(("cloudsign", "aidma"), "bizd.id", "link", "ビジネスdアカウントとは？", "not_shown"),
    "entry-button-as-link": Stale(("aidma",), "", "", "", "", needs_approved_screens=True),
    # tests/shots/test_approved_screens.py: the three look-* scenarios against approved screens
    "look-new-banner": Stale(("cloudsign",), "", "", "", "", needs_approved_screens=True),
    "look-new-layout": Stale(("cloudsign",), "", "", "", "", needs_approved_screens=True),
    "look-recoloured": Stale(("cloudsign",), "", "", "", "", needs_approved_screens=True),
}
BY_FACTS = sorted(name for name, case in STALE.items() if not case.needs_approved_screens)


def main_job(reports: Path, services: tuple[str, ...], *scenarios: str, baselines: Path | None = None) -> dict[str, Any]:
    args = [a for s in services for a in ("--service", s)]
    args += ["-k", "test_documented_path", "-p", "no:xdist", "--check-timeout=15000",
             *(f"--mock-scenario={s}" for s in scenarios)]
    env = {**os.environ, "BIZD_REPORTS_DIR": str(reports), "BIZD_LANG": "en",
           "BIZD_BASELINES_DIR": str(baselines or reports / "no-baselines")}
    done = subprocess.run([sys.executable, "-m", "loginsuite", "run", "--", *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, f"a stale screen must not fail the run\n{(done.stdout + done.stderr)[-3000:]}"
    return json.loads((reports / "latest" / "results.json").read_text(encoding="utf-8"))


def test_every_cosmetic_scenario_has_an_expectation() -> None:
    cosmetic = sorted(name for name, s in registry().items() if s.kind == "cosmetic")
    assert cosmetic == sorted(STALE)


@pytest.mark.parametrize("scenario", BY_FACTS)
def test_cosmetic_scenario_is_stale_and_walked_to_the_end(scenario: str, tmp_path: Path) -> None:
    case = STALE[scenario]
    results = main_job(tmp_path, case.services, scenario)
    walks = [t for t in results["tests"] if t["case"]]
    assert len(walks) == len(case.services)
    assert {t["class"] for t in walks} == {"STALE"}, walks
    for walk in walks:
        passed = {c["check"] for c in results["checks"] if c["test"] == walk["test"] and c["status"] == "passed"}
        assert WALKED_TO_THE_END <= passed, f"{walk['test']}: the procedure was not walked to the end: {passed}"
    [finding] = results["stale"]  # one change: one finding, however many services pass the screen
    assert (finding["screen"], finding["kind"], finding["fact"], finding["problem"]) == (
        case.screen, case.kind, case.fact, case.problem)
    assert sorted(finding["services"]) == sorted(
        next(t["service"] for t in results["checks"] if t["service_id"] == s) for s in case.services)
    [revision] = [r for r in results["revisions"] if case.fact in r["documented"]]
    assert "update the screenshot/text" in revision["proposal"] and f"p.{finding['page']}" in revision["proposal"]
    assert sorted(revision["entries"]) == sorted(t["case"] for t in walks)


def test_an_unchanged_mock_has_no_stale_screen(tmp_path: Path) -> None:
    """The other side of the bargain: the mock as the manual shows it gives OK, not STALE."""
    results = main_job(tmp_path, ("cloudsign", "hotprofile-meishi", "photolize", "aidma"))
    assert {t["class"] for t in results["tests"] if t["case"]} == {"OK"}
    assert results["stale"] == []


def test_a_button_re_marked_as_a_link_is_the_same_control_and_stale_against_the_approved_screen(
    tmp_path: Path,
) -> None:
    baselines = tmp_path / "baselines"
    first = main_job(tmp_path / "first", ("aidma",))
    assert {t["class"] for t in first["tests"] if t["case"]} == {"OK"}
    approved = subprocess.run([sys.executable, "-m", "loginsuite", "approve", str(tmp_path / "first" / "latest")],
                              cwd=ROOT, capture_output=True, text=True, check=False, timeout=60,
                              env={**os.environ, "BIZD_BASELINES_DIR": str(baselines), "BIZD_LANG": "en"})
    assert approved.returncode == 0, approved.stdout + approved.stderr
    without = main_job(tmp_path / "without", ("aidma",), "entry-button-as-link")
    assert {t["class"] for t in without["tests"] if t["case"]} == {"OK"}, "a user cannot tell the markup apart"
    against = main_job(tmp_path / "against", ("aidma",), "entry-button-as-link", baselines=baselines)
    [walk] = [t for t in against["tests"] if t["case"]]
    assert walk["class"] == "STALE"
    changed = [s for s in against["screens"] if s["status"] == "changed"]
    assert [s["page"] for s in changed] == [8], changed
