"""Negative paths — wrong code, expired code, 同意しない, a locked account. Mock only: never risk a real account."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page
from walking import Case, ProcedureShots, Signer, Titled, Walk

from loginsuite.flows import Flows
from loginsuite.flows.model import Value
from loginsuite.i18n import _
from loginsuite.mismatch import AccountLocked
from loginsuite.plugin import Settings
from pages.bizd import ConsentScreen, IdScreen, TwoStepScreen
from pages.service import service_login_page

# Each signs in on its own (wrong and expired codes, 同意しない, a locked account): never from the
# run's signed-in state, never live (a wrong code counts towards the real account's lock).
pytestmark = [pytest.mark.walk, pytest.mark.mock_only, pytest.mark.own_sign_in]


@pytest.fixture
def case(manual: Flows) -> Case:
    """A service whose path to the ID screen types nothing (any would do: the IdP is shared)."""
    service = next(s for s in manual.services if s.login.value == "bizd" and not any(st.value for st in s.steps))
    return Case(service, service.entries[0])


@pytest.fixture
def walk(walk: Walk) -> Walk:
    """Not the manual's path: its screens are neither numbered screenshots nor compared with the approved ones."""
    walk.numbered_shots = False
    return walk


def _shots(request: pytest.FixtureRequest, page: Page, case: Case) -> ProcedureShots:
    """Its pictures under its own file names (never the documented walk's), in its own row of the matrix
    (named by ``titled``)."""
    assert case.entry
    return ProcedureShots(request, page, "", str(case.entry.url))


def _to_two_step(page: Page, manual: Flows, case: Case, signer: Signer, timeout: float,
                 shots: ProcedureShots) -> tuple[TwoStepScreen, object]:
    assert case.entry
    login = service_login_page(page, manual, case.service, case.entry, timeout)
    login.open()
    login.press_bizd_login(signer.value, on_step=lambda step, screen: shots(
        step, screen, f"{case.service.name} {step.display}"))
    id_screen = IdScreen(page, manual, case.service.name, timeout)
    id_screen.enter_id(signer.value(Value.account_id))
    shots(manual.bizd.steps[1], id_screen, "ビジネスdアカウント ①②")
    since = signer.mark()
    id_screen.next()
    two_step = TwoStepScreen(page, manual, case.service.name, timeout)
    two_step.expect_shown()
    return two_step, since


def _sign_in(two_step: TwoStepScreen, manual: Flows, shots: ProcedureShots) -> None:
    """⑤ ログイン, pictured with the code as typed."""
    shots(manual.bizd.steps[4], two_step, "2段階認証 ③④⑤")
    two_step.sign_in()


def _refused(two_step: TwoStepScreen, page: Page, shots: ProcedureShots) -> None:
    page.wait_for_load_state("domcontentloaded")
    assert two_step.still_shown(), _("expected to stay on 「{title}」, got {url}").format(
        title=two_step.screen.title, url=page.url)
    shots(None, two_step, two_step.screen.title)  # the refusal, as the customer sees it


def test_wrong_security_code_is_refused(request: pytest.FixtureRequest, page: Page, manual: Flows, case: Case, signer: Signer,
                                        suite_settings: Settings, world: Any, titled: Titled) -> None:
    titled(_("A wrong security code is refused (p.{page})").format(page=manual.bizd.screens["two_step"].page))
    shots = _shots(request, page, case)
    two_step, since = _to_two_step(page, manual, case, signer, suite_settings.check_timeout, shots)
    real = signer.code(since)
    two_step.enter_password(signer.value(Value.password))
    two_step.enter_code(str((int(real) + 1) % 1_000_000).zfill(len(real)))
    _sign_in(two_step, manual, shots)
    _refused(two_step, page, shots)


def test_security_code_expires_after_the_documented_validity(request: pytest.FixtureRequest, page: Page, manual: Flows, case: Case,
                                                              signer: Signer, suite_settings: Settings,
                                                              world: Any, titled: Titled) -> None:
    titled(_("A security code is refused after its validity of {minutes} minutes (p.{page})").format(
        minutes=manual.bizd.code_validity_minutes, page=manual.bizd.screens["two_step"].page))
    shots = _shots(request, page, case)
    two_step, since = _to_two_step(page, manual, case, signer, suite_settings.check_timeout, shots)
    code = signer.code(since)
    world.clock.advance(minutes=manual.bizd.code_validity_minutes + 1)  # p.6 「有効期限：10分」
    two_step.enter_password(signer.value(Value.password))
    two_step.enter_code(code)
    _sign_in(two_step, manual, shots)
    _refused(two_step, page, shots)


def test_code_within_its_validity_is_accepted(request: pytest.FixtureRequest, page: Page, manual: Flows, case: Case, signer: Signer,
                                              suite_settings: Settings, world: Any, titled: Titled) -> None:
    """The other side of expiry: a code used just inside the 10 minutes still signs in."""
    titled(_("A security code within its validity of {minutes} minutes signs in (p.{page})").format(
        minutes=manual.bizd.code_validity_minutes, page=manual.bizd.screens["two_step"].page))
    shots = _shots(request, page, case)
    two_step, since = _to_two_step(page, manual, case, signer, suite_settings.check_timeout, shots)
    code = signer.code(since)
    world.clock.advance(minutes=manual.bizd.code_validity_minutes - 1)
    two_step.enter_password(signer.value(Value.password))
    two_step.enter_code(code)
    _sign_in(two_step, manual, shots)
    page.wait_for_load_state("domcontentloaded")
    assert not two_step.still_shown()


def test_declining_consent_does_not_sign_in(walk: Walk, case: Case, signer: Signer, manual: Flows,
                                            suite_settings: Settings, page: Page, titled: Titled) -> None:
    """同意しない returns to the service without signing in."""
    consent_screen = manual.bizd.screens[manual.bizd.consent_screen]
    titled(_("{control} on 「{title}」 does not sign in (p.{page})").format(
        control=consent_screen.purpose("disagree").label, title=consent_screen.title, page=consent_screen.page))
    walk.open_documented_url()
    walk.press_bizd_login()
    signer.sign_in_directly(page, manual, suite_settings.check_timeout, case.service.name)
    consent = ConsentScreen(page, manual, case.service.name, suite_settings.check_timeout)
    consent.expect_shown()
    consent.disagree()
    assert walk.login
    walk.login.expect_entry_screen()  # back at the service's login screen, not signed in


def test_locked_account_stops_the_run(request: pytest.FixtureRequest, page: Page, manual: Flows, case: Case,
                                      signer: Signer, suite_settings: Settings, world: Any, titled: Titled) -> None:
    titled(_("A locked account stops the run at once"))
    signer.values[Value.account_id] = world.add_account("locked-test@example.jp", business_email="locked-test@example.jp", locked=True).id
    assert case.entry
    login = service_login_page(page, manual, case.service, case.entry, suite_settings.check_timeout)
    shots = _shots(request, page, case)
    login.open()
    login.press_bizd_login(signer.value, on_step=lambda step, screen: shots(
        step, screen, f"{case.service.name} {step.display}"))
    with pytest.raises(AccountLocked):
        signer.sign_in_directly(page, manual, suite_settings.check_timeout, case.service.name, shot=shots)
    shots(None, IdScreen(page, manual, case.service.name, suite_settings.check_timeout), "ビジネスdアカウント")
