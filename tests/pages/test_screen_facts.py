"""Locate as a user sees, on pages written here with other markup than the mock's: a documented control
is the same control whatever its markup; a screen fact that differs is recorded (STALE) and the walk
goes on; a procedure fact that fails is DRIFT."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

from loginsuite.flows import Flows
from loginsuite.i18n import _
from loginsuite.mismatch import ManualMismatch, StaleFact, Where
from pages.base import ScreenObject, record_screen_facts

ENTRY = "ビジネスdアカウント ログイン"
OPERATOR = "※dX電子契約は、弁護士ドットコム株式会社が運営するクラウドサインによって提供しております。"
BOOKMARK = "※このページをブックマークに追加してください。"
TERMS = "dX電子契約 利用規約"


def cloudsign_login(page: Page, manual: Flows, found: list[StaleFact]) -> ScreenObject:
    service = manual.service("cloudsign")
    screen = manual.screen(service, "login")
    record_screen_facts(page, found.append)
    return ScreenObject(page, screen, Where(service.name, screen.page, None, "screen"), 2000,
                        ref="cloudsign.login", procedure=manual.procedure_facts(service, "login"))


def page_with(page: Page, entry: str, terms: str = f'<a href="#t">{TERMS}</a>', notes: str = OPERATOR) -> None:
    page.set_content(f"<main><p>{BOOKMARK}</p><p>{notes}</p>{entry}<p>{terms}</p></main>")


@pytest.mark.parametrize("entry", [
    f"<button>{ENTRY}</button>",
    f'<a href="#sso">{ENTRY}</a>',
    f'<input type="submit" value="{ENTRY}">',
    f'<a href="#sso"><img alt="{ENTRY}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="200" height="40"></a>',
    f'<input type="image" alt="{ENTRY}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="200" height="40">',
    f'<div role="button" tabindex="0">{ENTRY}</div>',
    f'<div style="cursor: pointer" onclick="void 0">{ENTRY}</div>',
    f'<a href="#m" style="display:none">{ENTRY}</a><span class="sp">{ENTRY}</span><a href="#sso">{ENTRY}</a>',
], ids=["button", "link", "submit", "image-link", "image-input", "role-button", "pointer-div", "hidden-copy-first"])
def test_the_entry_control_is_found_whatever_its_markup(page: Page, manual: Flows, entry: str) -> None:
    found: list[StaleFact] = []
    screen = cloudsign_login(page, manual, found)
    page_with(page, entry)
    assert screen.expect_shown() == [] and found == []


def test_a_missing_sentence_is_stale_with_the_nearest_text_and_the_walk_goes_on(page: Page, manual: Flows) -> None:
    found: list[StaleFact] = []
    screen = cloudsign_login(page, manual, found)
    page_with(page, f"<button>{ENTRY}</button>", notes="※dX電子契約はクラウドサインが提供しています。")
    [stale] = screen.expect_shown()
    assert (stale.screen, stale.kind, stale.fact, stale.problem, stale.page) == (
        "cloudsign.login", "text", OPERATOR, "not_shown", 16)
    assert found == [stale]
    screen.press(ENTRY)  # the procedure goes on


def test_a_documented_link_shown_as_text_is_stale(page: Page, manual: Flows) -> None:
    found: list[StaleFact] = []
    screen = cloudsign_login(page, manual, found)
    page_with(page, f"<button>{ENTRY}</button>", terms=f"<span>{TERMS}</span>")
    assert [(s.fact, s.problem) for s in screen.expect_shown()] == [(TERMS, "shown_as_text")]


def test_a_renamed_entry_control_is_drift_and_names_the_step(page: Page, manual: Flows) -> None:
    found: list[StaleFact] = []
    screen = cloudsign_login(page, manual, found)
    page_with(page, "<button>dアカウントでログイン</button>", notes="")
    with pytest.raises(ManualMismatch) as caught:
        screen.expect_shown()
    assert ENTRY in caught.value.message and caught.value.nearest[0] == "dアカウントでログイン"
    assert caught.value.screen == "cloudsign.login" and not caught.value.shared


def test_an_entry_control_printed_as_plain_text_is_drift(page: Page, manual: Flows) -> None:
    screen = cloudsign_login(page, manual, [])
    page_with(page, f"<p>{ENTRY}</p>")
    with pytest.raises(ManualMismatch) as caught:
        screen.expect_shown()
    assert caught.value.problem == _("shown as text only, not as a control")
    assert caught.value.fact == ENTRY


def test_a_checkbox_drawn_as_a_switch_still_ticks_and_is_a_screen_difference(page: Page, manual: Flows) -> None:
    """ログインしたままにする is a procedure fact of the shared ID screen: the switch is operated."""
    found: list[StaleFact] = []
    record_screen_facts(page, found.append)
    screen = manual.bizd.screens["id"]
    id_screen = ScreenObject(page, screen, Where("dX電子契約", 6, None, "id"), 2000, ref="bizd.id",
                             procedure=manual.procedure_facts(None, "bizd.id"), shared=True)
    page.set_content(
        '<label>ビジネスdアカウントID <input type="text"></label>'
        '<div role="switch" aria-checked="false" tabindex="0" '
        "onclick=\"this.setAttribute('aria-checked', this.getAttribute('aria-checked') !== 'true')\">"
        "ログインしたままにする</div><button>次へ</button>"
        "<p>※ログインについての注意事項をご確認ください。</p><p>はじめてご利用の方はビジネスdアカウントを作成してください。</p>"
        '<a href="#f">ビジネスdアカウントが分からない方</a><a href="#w">ビジネスdアカウントとは？</a>')
    assert id_screen.expect_shown() == found
    assert [(s.fact, s.problem, s.shared) for s in found] == [("ログインしたままにする", "shown_as_switch", True)]
    id_screen.tick("ログインしたままにする")
    assert page.get_by_role("switch").get_attribute("aria-checked") == "true"
