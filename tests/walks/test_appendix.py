"""The appendix (pp.30-34): signing out of a cached account, the contact email, the documented errors."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page
from walking import ProcedureShots, Signer, Titled

from loginsuite.flows import Flows
from loginsuite.flows.model import DocumentedError, Screen, Value
from loginsuite.i18n import _
from loginsuite.mismatch import Where
from loginsuite.plugin import Settings
from pages.account_site import AccountSite
from pages.base import ScreenObject
from pages.bizd import ErrorPage
from pages.service import service_login_page

pytestmark = [pytest.mark.walk, pytest.mark.needs_credentials]


def _procedure_title(manual: Flows, procedure: str) -> str:
    documented = manual.appendix.procedure(procedure)
    return _("{title} (p.{page})").format(title=documented.title, page=documented.page)


def _shots(request: pytest.FixtureRequest, page: Page, manual: Flows, procedure: str) -> ProcedureShots:
    documented = manual.appendix.procedure(procedure)
    return ProcedureShots(request, page, documented.title, str(documented.url) if documented.url else None)


def _press(site: AccountSite, shots: ProcedureShots, number: str) -> None:
    """The procedure's step ``number``, pictured first as the slide numbers it."""
    step = next(s for s in site.procedure.steps if s.number == number)
    shots(step, site.screen(step.screen), f"{site.procedure.title} {step.display}")
    site.press_step(number)


def _signed_in_account_site(page: Page, manual: Flows, signer: Signer, suite: Settings, procedure: str,
                            shots: ProcedureShots) -> AccountSite:
    """① open the account site, ② ビジネスdアカウントメニュー, ③ sign in with the account."""
    if not signer.can_sign_in:
        pytest.skip(signer.why_not)
    site = AccountSite(page, manual, manual.appendix.procedure(procedure), suite.check_timeout)
    site.open()
    _press(site, shots, "②")
    if not signer.shared_state:
        signer.sign_in_directly(page, manual, suite.check_timeout, service="ビジネスdアカウントサイト", shot=shots)
    site.expect_screen("menu")
    return site


def _last_screen(shots: ProcedureShots, screen: ScreenObject, site: AccountSite) -> None:
    """The screen the procedure ends on (what the customer waits for), pictured too."""
    shots(None, screen, f"{site.procedure.title} {screen.screen.title}")


@pytest.mark.ends_session  # ログアウト ends the run's shared session: runs after every other walk
def test_signing_out_of_a_cached_account(request: pytest.FixtureRequest, page: Page, manual: Flows, signer: Signer,
                                         suite_settings: Settings, titled: Titled) -> None:
    titled(_procedure_title(manual, "sign-out-cached-account"))
    shots = _shots(request, page, manual, "sign-out-cached-account")
    site = _signed_in_account_site(page, manual, signer, suite_settings, "sign-out-cached-account", shots)
    _press(site, shots, "④")
    done = site.expect_screen("logged_out", step="⑤")  # 「⑤ログアウトと表示されたら完了です。」
    _last_screen(shots, done, site)


def test_checking_the_contact_email(request: pytest.FixtureRequest, page: Page, manual: Flows, signer: Signer,
                                    suite_settings: Settings, world: Any, titled: Titled) -> None:
    titled(_procedure_title(manual, "check-contact-email"))
    shots = _shots(request, page, manual, "check-contact-email")
    site = _signed_in_account_site(page, manual, signer, suite_settings, "check-contact-email", shots)
    _press(site, shots, "④")
    screen = site.expect_screen("contact_email")
    if world is not None:  # the mock knows which addresses the account has registered
        for address in world.account(signer.value(Value.account_id)).contact_emails:
            screen.expect_text(address)
    _last_screen(shots, screen, site)


@pytest.mark.mock_only
@pytest.mark.own_sign_in  # another account
def test_registering_a_contact_email_when_none_is(request: pytest.FixtureRequest, page: Page, manual: Flows,
                                                  signer: Signer, suite_settings: Settings, world: Any,
                                                  titled: Titled) -> None:
    """「登録がない場合、ご登録のうえ、再度サービスへのログインをお試しください。」"""
    titled(_("{procedure}: registering one when none is").format(
        procedure=_procedure_title(manual, "check-contact-email")))
    signer.values[Value.account_id] = world.add_account("no-contact@example.jp").id
    shots = _shots(request, page, manual, "check-contact-email")
    site = _signed_in_account_site(page, manual, signer, suite_settings, "check-contact-email", shots)
    _press(site, shots, "④")
    screen = site.expect_screen("contact_email")
    new_address = "registered-now@example.jp"
    field = screen.screen.purpose("new_contact_email")
    screen.enter(field.label, new_address)
    screen.control_by_purpose("register").click()
    registered = site.expect_screen("contact_email")
    registered.expect_text(new_address)
    _last_screen(shots, registered, site)


def _error_account(world: Any, error: DocumentedError) -> str:
    """An account in the state the appendix gives as the error's cause."""
    if error.required_fields:  # ② 設定必須項目 left unset
        return world.add_account("incomplete-test@example.jp", business_email="incomplete-test@example.jp",
                                 missing_fields=list(error.required_fields[1:3])).id
    # ① ユーザ管理許可設定 not given (管理代表・管理許可子・子)
    return world.add_account("noperm-test@example.jp", business_email="noperm-test@example.jp",
                             can_manage_users=False).id


@pytest.mark.mock_only
@pytest.mark.own_sign_in  # accounts in the errors' states
@pytest.mark.parametrize("error_number", ["①", "②"])
def test_documented_error_is_shown_for_its_cause(request: pytest.FixtureRequest, page: Page, manual: Flows,
                                                  signer: Signer, suite_settings: Settings, world: Any,
                                                  error_number: str, titled: Titled) -> None:
    """An account in the documented cause's state gets the documented message (and ②'s field list)."""
    error = next(e for e in manual.appendix.errors if e.number == error_number)
    titled(_("Documented error {number} 「{message}」 (p.{page})").format(
        number=error.number, message=error.message, page=error.page))
    signer.values[Value.account_id] = _error_account(world, error)
    service = next(s for s in manual.services if s.applicable and s.login.value == "bizd"
                   and not any(step.value for step in s.steps))
    entry = service.entries[0]
    shots = ProcedureShots(request, page, "", str(entry.url))  # named by ``titled``
    page.goto(entry.url)
    login = service_login_page(page, manual, service, entry, suite_settings.check_timeout)
    login.press_bizd_login(signer.value, on_step=lambda step, screen: shots(step, screen, f"{service.name} {step.display}"))
    signer.sign_in_directly(page, manual, suite_settings.check_timeout, service=service.name, shot=shots)
    ErrorPage(page, service.name, suite_settings.check_timeout).expect_error(error)
    shown = Screen(title=f"エラー{error.number}", page=error.page)  # as pages.bizd.ErrorPage names it
    shots(None, ScreenObject(page, shown, Where(service.name, error.page, error.number, "signed_in")),
          f"{service.name} {error.number}")
