"""Browser smoke test of every documented service screen on the mock: the documented URL opens at
exactly that address and shows its entry control, found as a user finds it (role + visible name).

One Chromium and one context for the module (new contexts are slow), a fresh page per test.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

ENTRY = "ビジネスdアカウント ログイン"
ENTRY_DE = "ビジネスdアカウントでログイン"

# (id, documented URL, [controls pressed first], entry control)
CASES: list[tuple[str, str, list[str], str]] = [
    ("jinjer-jinji-admin", "https://jinji.jinjer.biz", [], ENTRY),
    ("jinjer-employee-user", "https://employee.jinjer.biz/", [], ENTRY),
    ("jinjer-expenses-user", "https://expenses.jinjer.biz/staffs/", [], ENTRY),
    ("jinjer-kintai-admin", "https://kintai.jinjer.biz/manager", [], ENTRY),
    ("jinjer-kintai-user", "https://kintai.jinjer.biz/staffs", [], ENTRY),
    ("aidma-online-sales", "https://docomodx.aidma-hd.jp/", [], ENTRY),
    ("rview-remote-desktop", "https://www.rview.com/", ["Log in with SSO"], ENTRY_DE),
    ("jsaas-subsidy", "https://biz.jsaas.jp/members/sign_in", [], ENTRY),
    ("club-off-welfare", "https://www.club-off.com/dxfukuri/", [], ENTRY),
    ("newspicks", "https://newspicks.com/", ["ログイン"], ENTRY_DE),
    ("hotprofile-meishi", "https://docomo.hotprofile.jp/auth/login/", [], ENTRY),
    ("lpcloud-invoice", "https://www.lpcloud.jp/login_docomo/", [], ENTRY),
    ("cloudsign-contract", "https://www.cloudsign.jp/docomo", [], ENTRY),
    ("akibare-homepage", "https://www.dxhp.akibare-hp.com/", [], ENTRY),
    ("wisebook-catalog", "https://dxecatalog.wisebook.jp/login/", [], ENTRY),
    ("dxmail", "https://submit-dxmail.com/owners/login/", [], ENTRY),
    ("karaden-sms", "https://push-dx.karaden.jp/v2/", [], ENTRY),
    ("hotprofile-kaitaku", "https://docomo.hotprofile.jp/auth/login/", [], ENTRY),
    ("josys", "https://api.josys.it/users/sign_in", [], ENTRY),
    ("efax", "https://www.efaxcorporate.com/myaccount/dxstore", [], ENTRY),
    ("shukkinbo-pc", "https://bizd.follow.jp/cw/login_d", [], ENTRY),
    ("shukkinbo-smartphone", "https://bizd.follow.jp/cw/sd_d", [], ENTRY),
    ("photolize-application", "https://user.photolize.jp/bd-login/", [], ENTRY),
]


def name(label: str) -> re.Pattern[str]:
    """The whole accessible name, tolerant of spaces and full-width letters (ｄ for d)."""
    parts = []
    for char in label.replace(" ", ""):
        wide = {c for c in map(chr, range(0xFF01, 0xFF5F)) if unicodedata.normalize("NFKC", c) == char}
        parts.append(f"[{re.escape(char)}{''.join(wide)}]" if wide else re.escape(char))
    return re.compile(r"^\s*" + r"\s*".join(parts) + r"\s*$")


def control(page: Page, label: str) -> Locator:
    pattern = name(label)
    return page.get_by_role("button", name=pattern).or_(page.get_by_role("link", name=pattern)).first


@pytest.fixture(scope="module")
def shared_context(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[BrowserContext]:
    """pytest-playwright's browser (launched with the mock's host mapping by the root conftest)."""
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(5000)
    yield context
    context.close()


@pytest.fixture
def tab(shared_context: BrowserContext, mock_world: Any) -> Iterator[Page]:
    page = shared_context.new_page()
    yield page
    page.close()
    shared_context.clear_cookies()


def same(url: str, shown: str) -> bool:
    return url.rstrip("/") == shown.rstrip("/") if url.count("/") == 2 else url == shown


@pytest.mark.parametrize("url,before,entry", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_documented_url_shows_entry_control(tab: Page, url: str, before: list[str], entry: str) -> None:
    response = tab.goto(url, wait_until="domcontentloaded")
    assert response is not None and response.status == 200
    assert same(url, tab.url), f"{url} ended at {tab.url}"
    for label in before:
        control(tab, label).click()
    expect(control(tab, entry)).to_be_visible()


def test_entry_control_leads_to_the_idp(tab: Page) -> None:
    tab.goto("https://www.cloudsign.jp/docomo")
    control(tab, ENTRY).click()
    expect(tab).to_have_url(re.compile(r"^https://id-biz\.smt\.docomo\.ne\.jp/auth/login\?client_id=cloudsign-docomo"))


def test_shukkinbo_entry_needs_the_company_code(tab: Page) -> None:
    tab.goto("https://bizd.follow.jp/cw/login_d")
    control(tab, ENTRY).click()
    expect(tab.get_by_role("alert")).to_have_text("会社コードを入力してください。")
    tab.get_by_label("会社コード").fill("DEMO0001")
    tab.get_by_role("checkbox", name="次回から入力を省略する").check()
    control(tab, ENTRY).click()
    expect(tab).to_have_url(re.compile(r"^https://id-biz\.smt\.docomo\.ne\.jp/auth/login\?"))
