"""End to end: the mock identity provider mails its security code into Dovecot (LMTP), and a sign-in in
Chromium through the ID and 2段階認証 screens types the code ImapSource read over IMAP.

Runs with the root conftest's fixtures (mock_world, and pytest-playwright's page launched by
loginsuite.browser with the mock's host-resolver rules); never against the real sites.
"""
from __future__ import annotations

import pytest
from dovecot_server import Dovecot
from playwright.sync_api import Page, expect

from loginsuite import secrets
from loginsuite.codes import CodeRule, MailMatch
from mocksites.world import World

pytestmark = [pytest.mark.dovecot, pytest.mark.mock_only]

ACCOUNT_SITE = "https://id-biz.smt.docomo.ne.jp"
CODE_MAIL = CodeRule(MailMatch(sender="@id-biz.smt.docomo.ne.jp", subject="セキュリティコード"))


@pytest.fixture
def imap_account(dovecot: Dovecot, mock_world: World) -> tuple[str, str]:
    """An account whose registered address is the Dovecot user; the mock mails through LMTP."""
    account = mock_world.add_account("imap-reader@example.jp", business_email=dovecot.address)
    mock_world.mail_target = ("127.0.0.1", dovecot.lmtp_port, "lmtp")  # reset after the test
    mock_world.mail_charset, mock_world.mail_encoding = "iso-2022-jp", "7bit"
    return account.id, account.password


def test_sign_in_types_the_newest_code_read_from_dovecot_over_imap(
        dovecot: Dovecot, imap_account: tuple[str, str], page: Page, mock_world: World) -> None:
    account_id, password = imap_account
    secrets.register(password, "password")
    with dovecot.source(CODE_MAIL) as codes:
        page.goto(f"{ACCOUNT_SITE}/menu")  # not signed in: the account site sends us to the ID screen
        page.get_by_label("ビジネスdアカウントID", exact=True).fill(account_id)
        page.get_by_role("button", name="次へ", exact=True).click()
        expect(page.get_by_role("heading", name="2段階認証")).to_be_visible()

        # 再送 voids the first code: typing it would fail, so only the code after the watermark works.
        since = codes.mark()
        page.get_by_role("link", name="セキュリティコードを再送する").click()
        code = codes.wait_for_code(since, timeout=15)

        page.get_by_label("パスワード", exact=True).fill(password)
        page.get_by_label("セキュリティコード", exact=True).fill(code)
        page.get_by_role("button", name="ログイン", exact=True).click()

    expect(page).to_have_url(f"{ACCOUNT_SITE}/menu")
    expect(page.get_by_role("heading", level=1)).to_have_text("ビジネスdアカウントメニュー")
    sent = mock_world.sent
    assert [m.ok for m in sent] == [True, True] and sent[-1].code == code != sent[0].code
    assert code in secrets.registered()
