"""IT資産管理 by ジョーシス (pp.22-25): the first login only through the invitation email, then at the URL."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page
from walking import Case, ProcedureShots, Signer, Titled

from loginsuite.codes import CodeTimeout, MailMatch, wait_for_link
from loginsuite.flows import Flows
from loginsuite.flows.model import Login, Value
from loginsuite.i18n import _
from loginsuite.mismatch import ManualMismatch
from loginsuite.plugin import Settings
from pages.landing import SignedInPage
from pages.service import JosysLoginPage

pytestmark = [pytest.mark.walk, pytest.mark.needs_credentials, pytest.mark.mock_only]

NEW_PASSWORD = "Mock2025josys"  # 8+ alphanumerics, as the page asks (mock account only)


@pytest.fixture
def case(manual: Flows) -> Case:
    service = next(s for s in manual.services if s.login is Login.invitation)
    return Case(service, service.entries[0])


def test_first_login_through_the_invitation_email(request: pytest.FixtureRequest, page: Page, manual: Flows,
                                                  case: Case, signer: Signer, suite_settings: Settings,
                                                  world: Any, titled: Titled) -> None:
    """② 【Josys】アカウントアクティベーション招待 → 招待を承諾する → パスワードを入力 → signed in."""
    from mocksites.services.josys import send_josys_invitation  # the operator's side: it sends the mails

    invitation = case.service.invitation
    assert invitation and case.entry
    titled(_("{service}: the first login through the invitation mail 「{subject}」 (p.{page})").format(
        service=case.service.name, subject=invitation.emails[-1].subject, page=invitation.page))
    shots = ProcedureShots(request, page, "", str(case.entry.url))  # named by ``titled``
    since = signer.mark()
    send_josys_invitation(world, signer.value(Value.account_id))
    mail = invitation.emails[-1]
    where = JosysLoginPage(page, manual, case.service, case.entry).where("entry", page=invitation.page)
    try:
        link = wait_for_link(signer.codes, since, MailMatch(sender=mail.sender, subject=mail.subject),
                             invitation.accept_link, timeout=signer.code_timeout)
    except CodeTimeout as exc:
        raise ManualMismatch(where, expected=_("mail {number} 「{subject}」 with the link 「{link}」").format(
                                 number=mail.number, subject=mail.subject, link=invitation.accept_link),
                             problem=str(exc)) from None
    josys = JosysLoginPage(page, manual, case.service, case.entry, suite_settings.check_timeout)
    screen = josys.accept_invitation(link)
    shots(None, screen, f"{case.service.name} {screen.screen.title}")
    josys.set_password(screen, NEW_PASSWORD)
    SignedInPage(page, manual, josys.where("signed_in"), suite_settings.check_timeout).expect_signed_in(case.entry)
