"""More synthetic walks for the language test (copied beside sample_walks.py, which it imports as the
sample's test_walks.py): a STALE walk whose screen text changed on the shared ID screen (a revision
of p.6) and whose ID screen differs from its approved picture (approved, today and difference shown),
and a documented procedure that is not one entry's walk, with its own numbered screenshots.
"""
from __future__ import annotations

from dataclasses import asdict

import pytest
from playwright.sync_api import Page
from test_walks import SampleWalk, html_of

from loginsuite.baseline import ScreenCheck
from loginsuite.flows import Flows
from loginsuite.mismatch import StaleFact, Where
from loginsuite.plugin import flows
from loginsuite.report.plugin import record_procedure
from pages.base import ScreenObject


@pytest.fixture
def manual(pytestconfig: pytest.Config) -> Flows:
    return flows(pytestconfig)


def test_changed_screens_are_stale(request: pytest.FixtureRequest, page: Page, manual: Flows) -> None:
    walk = SampleWalk(request, page, manual, "wisebook")
    walk.walk()
    bizd = manual.bizd
    screen = bizd.screens["id"]
    walk.record.record_stale(StaleFact("bizd.id", screen.title, screen.page, screen.texts[0] if screen.texts else
                                       screen.controls[0].label, "text", "not_shown", "id", walk.service.name,
                                       shared=True))
    caption, shot = walk.record.screenshots[-2]
    changed = ScreenCheck("wisebook/bizd.id-2", "wisebook", walk.service.id, "bizd.id", screen.page, caption, shot,
                          "changed", approved_on="2026-11-02", approved_shot=shot, diff_shot=shot,
                          aria_diff=["--- approved", "+++ today", "-  - text: before", "+  - text: after"],
                          changed_pixels=1234, changed_ratio=0.01)
    walk.record.screens.append({**asdict(changed), "check": "id", "message": changed.message})


def test_signing_out_of_the_account_site(request: pytest.FixtureRequest, page: Page, manual: Flows) -> None:
    procedure = manual.appendix.procedures[0]
    record_procedure(request.node, procedure.title, str(procedure.url) if procedure.url else None)
    for step in procedure.steps:
        if step.screen.startswith("bizd."):
            continue
        documented = manual.screen(procedure, step.screen)
        page.set_content(html_of(documented))
        shown = ScreenObject(page, documented, Where(procedure.title, documented.page, step.display, step.screen))
        request.config.hook.pytest_bizd_step_screenshot(item=request.node, page=page, step=step, screen=shown,
                                                        caption=f"{procedure.title} {step.display}", record=None)


def test_the_suite_itself_breaks(request: pytest.FixtureRequest, page: Page, manual: Flows) -> None:
    walk = SampleWalk(request, page, manual, "dxmail")
    with walk.check("url"):
        raise RuntimeError("the sample's own failure")
