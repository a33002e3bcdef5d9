"""ログインしたままにする: a second service signs in without ID or code; without it, the session ends with the browser."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from walking import Case, Signer, Walk

from loginsuite.flows import Flows
from loginsuite.plugin import Settings
from pages.bizd import IdScreen

pytestmark = [pytest.mark.walk, pytest.mark.needs_credentials]


@pytest.fixture
def two_cases(manual: Flows) -> tuple[Case, Case]:
    simple = [s for s in manual.services if s.login.value == "bizd" and not any(st.value for st in s.steps)]
    return Case(simple[0], simple[0].entries[0]), Case(simple[1], simple[1].entries[0])


def _walk(request: pytest.FixtureRequest, page: Page, manual: Flows, suite: Settings, case: Case,
          signer: Signer) -> Walk:
    walk = Walk(request, page, manual, suite, case, signer)
    # Not the documented path's pictures: its screens in another state (ログインしたままにする ticked, no
    # ID screen), under the documented walk's file names they would replace its pictures and, compared
    # with the approved ones, leave a difference image behind when the test's second walk replaces the
    # first one's record.
    walk.numbered_shots = False
    walk.open_documented_url()
    return walk


def test_second_service_needs_no_code_when_kept_signed_in(
    request: pytest.FixtureRequest, page: Page, manual: Flows, suite_settings: Settings, signer: Signer,
    two_cases: tuple[Case, Case], world: Any,
) -> None:
    if not signer.can_sign_in or signer.shared_state:
        pytest.skip(signer.why_not or "the run's shared sign-in already is single sign-on")
    first, second = two_cases
    walk = _walk(request, page, manual, suite_settings, first, signer)
    walk.sign_in(walk.press_bizd_login(), keep_signed_in=True)
    codes_before = signer.codes.count() if hasattr(signer.codes, "count") else None
    walk = _walk(request, page, manual, suite_settings, second, signer)
    walk.press_entry_steps()
    walk.finish_sign_in(first_login=True)  # no ID, no code: straight to consent / the service
    if codes_before is not None:
        assert signer.codes.count() == codes_before, "a second security code was sent"


def test_without_keep_signed_in_the_session_ends_with_the_browser(
    request: pytest.FixtureRequest, page: Page, context: BrowserContext, browser: Browser,
    browser_context_args: dict[str, Any], manual: Flows, suite_settings: Settings, signer: Signer,
    two_cases: tuple[Case, Case],
) -> None:
    if not signer.can_sign_in or signer.shared_state:
        pytest.skip(signer.why_not or "the run's shared sign-in keeps the session on purpose")
    first, second = two_cases
    walk = _walk(request, page, manual, suite_settings, first, signer)
    walk.sign_in(walk.press_bizd_login(), keep_signed_in=False)
    # A browser restart keeps persistent cookies only: session cookies (expires -1) are gone.
    state = context.storage_state()
    state["cookies"] = [c for c in state["cookies"] if c.get("expires", -1) > 0]
    reopened = browser.new_context(**{**browser_context_args, "storage_state": state})
    try:
        again = reopened.new_page()
        walk = _walk(request, again, manual, suite_settings, second, signer)
        walk.press_entry_steps()
        IdScreen(again, manual, second.service.name, suite_settings.check_timeout).expect_shown()
    finally:
        reopened.close()
