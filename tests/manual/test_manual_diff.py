"""manual diff on edited copies of today's manual: every kind of change found with its page, nothing else."""
from __future__ import annotations

from pathlib import Path

import editions
import pytest

from loginsuite.flows import Flows, load_flows
from loginsuite.manualdiff.compare import KINDS, Finding, compare
from loginsuite.manualdiff.facts import read_edition

Found = set[tuple[str, int | None, str]]


@pytest.fixture(scope="module")
def flows() -> Flows:
    return load_flows()


def found(path: Path, flows: Flows) -> Found:
    return {(f.kind, f.page, f.subject) for f in compare(read_edition(path), flows)}


def findings(path: Path, flows: Flows) -> list[Finding]:
    return compare(read_edition(path), flows)


def test_todays_manual_yields_no_finding(flows: Flows) -> None:
    assert findings(editions.seed(), flows) == []


def test_the_reckoned_pages_are_the_flows_authors_pages(flows: Flows) -> None:
    facts = read_edition(editions.seed())
    slides = {s.name: s.slide_page for s in facts.services}
    expected = {s.name: (s.page if s.applicable else None) for s in flows.services}
    assert slides == expected
    assert {e.page for e in facts.errors} == {34}
    assert facts.pages == 34


def test_an_added_service_is_found_on_its_url_table_page_with_its_first_slide(tmp_path: Path, flows: Flows) -> None:
    result = findings(editions.edited(tmp_path / "new.txt", *editions.ADD_SERVICE), flows)
    assert {(f.kind, f.page, f.subject) for f in result} == {
        ("service_added", 5, editions.NEW_SERVICE),
        ("pages_moved", 35, "p.35"),  # the appendix's error list comes one page later
    }
    added = next(f for f in result if f.kind == "service_added")
    assert added.service is not None and added.service.slide_page == 30
    assert "https://dx.shinservice.jp/login" in added.new


def test_a_service_inserted_among_the_others_moves_every_later_slide_once(tmp_path: Path, flows: Flows) -> None:
    new = editions.edited(tmp_path / "new.txt", *editions.INSERT_SERVICE,
                          contents=("dXオンライン営業", editions.NEW_SERVICE))
    result = findings(new, flows)
    assert {(f.kind, f.page, f.subject) for f in result} == {
        ("service_added", 4, editions.NEW_SERVICE),
        ("pages_moved", 10, "p.10–35"),
    }
    added = next(f for f in result if f.kind == "service_added")
    assert added.service is not None and added.service.slide_page == 9
    moved = next(f for f in result if f.kind == "pages_moved")
    assert moved.held == "p.9–34" and moved.new == "p.10–35 (+1)"
    assert moved.detail.startswith("ビジネスdリモートデスクトップ、dX助成金申請")


def test_a_removed_service_is_found_and_the_later_slides_move_up_once(tmp_path: Path, flows: Flows) -> None:
    result = findings(editions.edited(tmp_path / "new.txt", *editions.REMOVE_SERVICE), flows)
    assert {(f.kind, f.page, f.subject) for f in result} == {
        ("service_removed", None, "dXオンライン営業"),
        ("pages_moved", 8, "p.8–33"),
    }
    moved = next(f for f in result if f.kind == "pages_moved")
    assert moved.held == "p.9–34" and moved.new == "p.8–33 (-1)"
    assert "aidma" in next(f.held for f in result if f.kind == "service_removed")


def test_a_rename_with_a_new_url_is_paired_by_the_revision_historys_row(tmp_path: Path, flows: Flows) -> None:
    result = findings(editions.edited(tmp_path / "new.txt", *editions.RENAME_WITH_ROW), flows)
    assert {(f.kind, f.page, f.subject) for f in result} == {
        ("edition", 0, "第2.6版"),
        ("revision_added", 2, "第2.6版"),
        ("service_renamed", 5, "ビジネスd電子契約"),
        ("url_changed", 5, "dX電子契約"),
    }
    renamed = next(f for f in result if f.kind == "service_renamed")
    assert renamed.detail == "revision" and "dX電子契約" in renamed.held and "cloudsign.yaml" in renamed.held
    changed = next(f for f in result if f.kind == "url_changed")
    assert changed.new == "https://www.cloudsign.jp/bizd" and "https://www.cloudsign.jp/docomo" in changed.held


def test_a_rename_keeping_the_url_is_paired_by_the_url(tmp_path: Path, flows: Flows) -> None:
    result = findings(editions.edited(tmp_path / "new.txt", *editions.RENAME_BY_URL), flows)
    assert [(f.kind, f.page, f.subject, f.detail) for f in result] == [
        ("service_renamed", 5, "ビジネスdホームページ", "url")]


@pytest.mark.parametrize(
    ("edit", "expected", "new", "held"),
    [
        pytest.param(editions.CHANGE_URL, ("url_changed", 4, "dX勤怠・労務管理"),
                     "https://kintai.jinjer.biz/admin (勤怠 管理者用)", "https://kintai.jinjer.biz/manager", id="url"),
        pytest.param(editions.CHANGE_STEP, ("step_changed", 6, "②"), "「続ける（②）」", "「次へ」", id="step"),
        pytest.param(editions.CHANGE_VALIDITY, ("code_validity_changed", 6, "有効期限"), "有効期限：15分",
                     "code_validity_minutes: 10", id="code-validity"),
        pytest.param(editions.CHANGE_ERROR, ("error_changed", 34, "②"), "未設定の項目があります。",
                     "未登録の項目がございます。", id="error-message"),
        pytest.param(editions.ADD_ROW, ("revision_added", 2, "第2.6版"), "dXメール配信のスライド改修", "",
                     id="revision-row"),
        pytest.param(editions.CHANGE_LABEL, ("label_missing", 9, "ビジネスdリモートデスクトップ"), "「SSOでログイン」",
                     "「Log in with SSO」 (flows/services/rview.yaml p.9, ①)", id="service-step-label"),
        pytest.param(editions.CHANGE_TEXT, ("text_missing", 27, "ビジネスd出勤簿"), "「↑ご利用はこちら↑」",
                     "「↑サービス利用はこちら↑」 (flows/services/follow-shukkinbo.yaml p.27", id="screen-text"),
        pytest.param(editions.CHANGE_LIMIT, ("limit_changed", 24, "IT資産管理 by ジョーシス"), "10文字以上",
                     "password_min_length: 8", id="password-length"),
    ],
)
def test_each_kind_of_change_is_found_with_its_page_and_what_flows_holds(
        tmp_path: Path, flows: Flows, edit: tuple[editions.Edit, ...], expected: tuple[str, int, str],
        new: str, held: str) -> None:
    result = findings(editions.edited(tmp_path / "new.txt", *edit), flows)
    assert [(f.kind, f.page, f.subject) for f in result] == [expected]
    assert new in result[0].new
    assert held in result[0].held


@pytest.mark.parametrize(
    ("edit", "expected", "new", "held"),
    [
        pytest.param(editions.CHANGE_ROW, [("revision_changed", 2, "第2.4版")], "2024-08-23", "2024-08-22",
                     id="revision-row-changed"),
        pytest.param(editions.DROP_ROW, [("revision_removed", 2, "第2.3版")], "", "新サービス（ビジネスd電子申請）追加",
                     id="revision-row-removed"),
        pytest.param(editions.ADD_ENTRY, [("entry_added", 4, "dX勤怠・労務管理")], "https://nencho.jinjer.biz/ (年末調整",
                     "flows/services/jinjer.yaml", id="entry-added"),
        pytest.param(editions.DROP_ENTRY, [("entry_removed", 4, "dX勤怠・労務管理")], "",
                     "https://expenses.jinjer.biz/staffs/ (経費", id="entry-removed"),
        pytest.param(editions.LOGIN_FOR_NO_LOGIN, [("entry_added", 5, "まるごとビジネスサポート"),
                                                   ("login_changed", 5, "まるごとビジネスサポート")],
                     "https://marugoto.example.jp/login", "login: none", id="login-changed"),
        pytest.param(editions.ADD_STEP, [("step_added", 6, "⑥")], "「同意する（⑥）」", "", id="step-added"),
        pytest.param(editions.DROP_STEP, [("step_removed", 6, "④")], "", "④ 「セキュリティコード」を入力",
                     id="step-removed"),
        pytest.param(editions.ADD_ERROR, [("error_added", 34, "③")], "現在ご利用いただけません", "", id="error-added"),
        pytest.param(editions.DROP_ERROR, [("error_removed", 34, "①")], "", "ログインに失敗しました",
                     id="error-removed"),
        pytest.param(editions.MOVE_ACCOUNT_SITE, [("account_site_changed", 30, "ビジネスdアカウントサイト")],
                     "https://id-biz.docomo.example.jp/", "https://id-biz.smt.docomo.ne.jp/", id="account-site"),
    ],
)
def test_the_remaining_kinds_of_change_are_found_with_their_page(
        tmp_path: Path, flows: Flows, edit: tuple[editions.Edit, ...], expected: list[tuple[str, int, str]],
        new: str, held: str) -> None:
    result = findings(editions.edited(tmp_path / "new.txt", *edit), flows)
    assert [(f.kind, f.page, f.subject) for f in result] == expected
    assert new in result[-1].new
    assert held in result[-1].held


def test_every_kind_the_comparison_knows_is_proven_by_an_edited_copy() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert [kind for kind in KINDS if f'"{kind}"' not in source] == []


def test_every_change_at_once_is_found_together(tmp_path: Path, flows: Flows) -> None:
    edits = (*editions.CHANGE_URL, *editions.CHANGE_STEP, *editions.CHANGE_VALIDITY, *editions.CHANGE_ERROR,
             *editions.RENAME_BY_URL, *editions.ADD_SERVICE)
    kinds = {kind for kind, _, _ in found(editions.edited(tmp_path / "new.txt", *edits), flows)}
    assert kinds == {"url_changed", "step_changed", "code_validity_changed", "error_changed", "service_renamed",
                     "service_added", "pages_moved"}
