"""The facts of ビジネスdアカウント ログインマニュアル 第2.5版 that flows/ must hold.

Expected values are written here literally, copied from the manual's text, never read from flows/:
a test that compared flows/ with itself would prove nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flowcopy import MANUAL_TEXT, copy_flows, edit

from loginsuite.flows import Flows, load_flows
from loginsuite.flows.model import Login
from loginsuite.labels import fold

# 目次 「各サービス毎のログイン画面イメージ」 (p.2): 18 names. まるごとビジネスサポート appears there only
# as 「(まるごとビジネスサポート オプション)」 of ジョーシス; it is a service of its own in the URL table (p.5).
TABLE_OF_CONTENTS = {
    "dX勤怠・労務管理", "dXオンライン営業", "ビジネスdリモートデスクトップ", "dX助成金申請", "ビジネスd福利厚生",
    "NewsPicks+d プレミアム会員", "dX商談・名刺管理", "dX電子請求書", "dX電子契約",
    "dXホームページ", "dX電子カタログ", "dXメール配信", "dXショートメッセージ(SMS)配信", "dX顧客開拓",
    "IT資産管理 by ジョーシス",
    "dXインターネットFAX", "ビジネスd出勤簿", "ビジネスd電子申請",
}
URL_TABLE_ONLY = {"まるごとビジネスサポート"}

# 「各サービスのログインURL 一覧」 pp.4-5: (service, URL, page), one row per documented URL.
URL_TABLE = {
    ("dX勤怠・労務管理", "https://jinji.jinjer.biz", 4),
    ("dX勤怠・労務管理", "https://employee.jinjer.biz/", 4),
    ("dX勤怠・労務管理", "https://expenses.jinjer.biz/staffs/", 4),
    ("dX勤怠・労務管理", "https://kintai.jinjer.biz/manager", 4),
    ("dX勤怠・労務管理", "https://kintai.jinjer.biz/staffs", 4),
    ("dXオンライン営業", "https://docomodx.aidma-hd.jp/", 4),
    ("ビジネスdリモートデスクトップ", "https://www.rview.com/", 4),
    ("dX助成金申請", "https://biz.jsaas.jp/members/sign_in", 4),
    ("ビジネスd福利厚生", "https://www.club-off.com/dxfukuri/", 4),
    ("NewsPicks+d プレミアム会員", "https://newspicks.com/", 4),
    ("dX商談・名刺管理", "https://docomo.hotprofile.jp/auth/login/", 4),
    ("dX電子請求書", "https://www.lpcloud.jp/login_docomo/", 5),
    ("dX電子契約", "https://www.cloudsign.jp/docomo", 5),
    ("dXホームページ", "https://www.dxhp.akibare-hp.com/", 5),
    ("dX電子カタログ", "https://dxecatalog.wisebook.jp/login/", 5),
    ("dXメール配信", "https://submit-dxmail.com/owners/login/", 5),
    ("dXショートメッセージ(SMS)配信", "https://push-dx.karaden.jp/v2/", 5),
    ("dX顧客開拓", "https://docomo.hotprofile.jp/auth/login/", 5),
    ("IT資産管理 by ジョーシス", "https://api.josys.it/users/sign_in", 5),
    ("dXインターネットFAX", "https://www.efaxcorporate.com/myaccount/dxstore", 5),
    ("ビジネスd出勤簿", "https://bizd.follow.jp/cw/login_d", 5),
    ("ビジネスd出勤簿", "https://bizd.follow.jp/cw/sd_d", 5),
    ("ビジネスd電子申請", "https://user.photolize.jp/bd-login/", 5),
}
DOCUMENTED_URLS = {
    "https://jinji.jinjer.biz",
    "https://employee.jinjer.biz/",
    "https://expenses.jinjer.biz/staffs/",
    "https://kintai.jinjer.biz/manager",
    "https://kintai.jinjer.biz/staffs",
    "https://docomodx.aidma-hd.jp/",
    "https://www.rview.com/",
    "https://biz.jsaas.jp/members/sign_in",
    "https://www.club-off.com/dxfukuri/",
    "https://newspicks.com/",
    "https://docomo.hotprofile.jp/auth/login/",
    "https://www.lpcloud.jp/login_docomo/",
    "https://www.cloudsign.jp/docomo",
    "https://www.dxhp.akibare-hp.com/",
    "https://dxecatalog.wisebook.jp/login/",
    "https://submit-dxmail.com/owners/login/",
    "https://push-dx.karaden.jp/v2/",
    "https://api.josys.it/users/sign_in",
    "https://www.efaxcorporate.com/myaccount/dxstore",
    "https://bizd.follow.jp/cw/login_d",
    "https://bizd.follow.jp/cw/sd_d",
    "https://user.photolize.jp/bd-login/",
}

# 改定履歴 (p.1): 第1.0版 … 第2.5版.
REVISIONS = [
    ("1.0", dt.date(2022, 3, 25)), ("1.1", dt.date(2022, 4, 18)), ("1.2", dt.date(2022, 6, 1)),
    ("1.3", dt.date(2022, 9, 1)), ("1.4", dt.date(2022, 11, 30)), ("1.5", dt.date(2023, 4, 17)),
    ("1.6", dt.date(2023, 6, 1)), ("1.7", dt.date(2023, 6, 30)), ("1.8", dt.date(2023, 9, 26)),
    ("1.9", dt.date(2023, 12, 22)), ("2.0", dt.date(2024, 3, 8)), ("2.1", dt.date(2024, 5, 1)),
    ("2.2", dt.date(2024, 7, 10)), ("2.3", dt.date(2024, 8, 19)), ("2.4", dt.date(2024, 8, 22)),
    ("2.5", dt.date(2025, 4, 25)),
]


@pytest.fixture
def flows_copy(tmp_path: Path) -> Path:
    return copy_flows(tmp_path)


@pytest.fixture(scope="module")
def flows() -> Flows:
    return load_flows()


@pytest.fixture(scope="module")
def manual_text() -> str:
    if not MANUAL_TEXT.exists():
        pytest.skip(f"the manual's text export is not here: {MANUAL_TEXT}")
    return MANUAL_TEXT.read_text(encoding="utf-8")


# --- services and URLs (目次, pp.4-5) -------------------------------------------------------------


def test_services_are_the_nineteen_of_the_url_table(flows: Flows) -> None:
    names = [s.name for s in flows.services]
    assert len(names) == 19
    assert set(names) == TABLE_OF_CONTENTS | URL_TABLE_ONLY


def test_table_of_contents_is_the_manuals(manual_text: str) -> None:
    """The literal set above is the manual's 目次: its 18 「-name」 cells, and nothing else."""
    toc = manual_text[manual_text.index("目次") : manual_text.index("【Appendix（付録）】")]
    cells = [cell.strip() for line in toc.splitlines() if line.startswith("|") for cell in line.strip("|").split("|")]
    names = [cell.removeprefix("-") for cell in cells if cell.startswith("-") and not cell.startswith("--")]
    assert len(names) == 18
    assert set(names) == TABLE_OF_CONTENTS
    assert "まるごとビジネスサポート\t※電話でやり取りするサービスとなるため、ログイン不要。" in manual_text


def test_documented_urls_are_the_22_printed_on_pp4_5(flows: Flows) -> None:
    assert len(DOCUMENTED_URLS) == 22
    assert len(flows.documented_urls) == 22
    assert set(flows.documented_urls) == DOCUMENTED_URLS


def test_every_url_is_recorded_for_its_service_and_page(flows: Flows) -> None:
    rows = {(s.name, e.url, e.page) for s in flows.services for e in s.entries}
    assert rows == URL_TABLE
    assert {url for _, url, _ in URL_TABLE} == DOCUMENTED_URLS


def test_expected_urls_are_the_manuals_own(manual_text: str) -> None:
    """The literal sets above are the manual's: every https URL of pp.4-5, and nothing else."""
    url_pages = manual_text[manual_text.index("各サービスのログインURL 一覧") : manual_text.index("【各サービスログイン手順】")]
    assert set(re.findall(r"https://[^\s)（）]+", url_pages)) == DOCUMENTED_URLS


def test_jinjer_has_five_entries_covering_every_function_and_role(flows: Flows) -> None:
    """p.4: 人事/給与/労務 share one admin URL; 雇用契約 and 経費 are for users; 勤怠 has both."""
    jinjer = flows.service("jinjer")
    assert len(jinjer.entries) == 5
    combinations = {
        (function, entry.role, entry.url)
        for entry in jinjer.entries
        for function in (entry.function or "").split("・")
    }
    assert combinations == {
        ("人事", "admin", "https://jinji.jinjer.biz"),
        ("給与", "admin", "https://jinji.jinjer.biz"),
        ("労務", "admin", "https://jinji.jinjer.biz"),
        ("雇用契約", "user", "https://employee.jinjer.biz/"),
        ("経費", "user", "https://expenses.jinjer.biz/staffs/"),
        ("勤怠", "admin", "https://kintai.jinjer.biz/manager"),
        ("勤怠", "user", "https://kintai.jinjer.biz/staffs"),
    }


def test_marugoto_support_needs_no_login_for_the_manuals_reason(flows: Flows) -> None:
    marugoto = flows.service("marugoto-support")
    assert marugoto.name == "まるごとビジネスサポート"
    assert marugoto.login is Login.none
    assert not marugoto.applicable
    assert marugoto.no_login_reason == "※電話でやり取りするサービスとなるため、ログイン不要。"
    assert marugoto.entries == [] and marugoto.steps == []


def test_hotprofile_url_is_shared_by_two_services(flows: Flows) -> None:
    sharing = {s.name for s in flows.services for e in s.entries if e.url == "https://docomo.hotprofile.jp/auth/login/"}
    assert sharing == {"dX商談・名刺管理", "dX顧客開拓"}
    assert flows.service("hotprofile-kaitaku").shares_screen_with == "hotprofile-meishi"


def test_shukkinbo_has_pc_and_smartphone_entries(flows: Flows) -> None:
    entries = {e.device: e.url for e in flows.service("follow-shukkinbo").entries}
    assert entries == {"pc": "https://bizd.follow.jp/cw/login_d", "smartphone": "https://bizd.follow.jp/cw/sd_d"}


def test_josys_first_login_is_by_invitation_with_an_8_character_password(flows: Flows) -> None:
    josys = flows.service("josys")
    assert josys.login is Login.invitation
    invitation = josys.invitation
    assert invitation is not None
    assert invitation.refused_at_url_before  # 「ログイン画面 (…/users/sign_in) ではログインできません。」
    assert [(e.number, e.subject) for e in invitation.emails] == [
        ("①", "サービス利用準備完了のお知らせ"),
        ("②", "【Josys】アカウントアクティベーション招待"),
    ]
    assert invitation.emails[1].sender == "noreply@josys.it"
    assert invitation.accept_link == "招待を承諾する"
    assert invitation.password_rule == "8文字以上の英数字で入力してください。"
    assert invitation.password_min_length == 8
    assert josys.screens[invitation.screen].purpose("new_password").number == "②"
    assert [e.url for e in josys.entries] == ["https://api.josys.it/users/sign_in"]


def test_consent_is_documented_for_the_three_services_with_its_number(flows: Flows) -> None:
    """同意する: ③ on ビジネスdリモートデスクトップ (p.9), ② on SMS配信 and インターネットFAX; first login only."""
    consent = {
        s.name: [(st.number, st.first_login_only) for st in s.steps if st.screen == "bizd.consent" and st.control == "同意する"]
        for s in flows.services
        if s.consent_documented
    }
    assert consent == {
        "ビジネスdリモートデスクトップ": [("③", True)],
        "dXショートメッセージ(SMS)配信": [("②", True)],
        "dXインターネットFAX": [("②", True)],
    }


def test_every_service_with_a_login_reaches_the_shared_id_screen(flows: Flows) -> None:
    """p.6 手順2: each service's own screen hands over to the ビジネスdアカウント ID screen."""
    not_reaching = [s.name for s in flows.services if s.applicable and not any(st.next == "bizd.id" for st in s.steps)]
    assert not_reaching == []


# --- the shared ビジネスdアカウント screens (p.6) -----------------------------------------------------


def test_shared_screens_hold_steps_1_to_5_in_order(flows: Flows) -> None:
    steps = [(s.number, s.screen, s.action.value, s.control, s.value.value if s.value else None) for s in flows.bizd.steps]
    assert steps == [
        ("①", "id", "enter", "ビジネスdアカウントID", "account_id"),
        ("②", "id", "press", "次へ", None),
        ("③", "two_step", "enter", "パスワード", "password"),
        ("④", "two_step", "enter", "セキュリティコード", "security_code"),
        ("⑤", "two_step", "press", "ログイン", None),
    ]
    assert [s.next for s in flows.bizd.steps if s.action.value == "press"] == ["two_step", "landing"]


def test_shared_screens_number_their_controls_as_the_manual(flows: Flows) -> None:
    numbered = {
        name: [(c.number, c.label) for c in screen.controls if c.number]
        for name, screen in flows.bizd.screens.items()
        if name in ("id", "two_step")
    }
    assert numbered == {
        "id": [("①", "ビジネスdアカウントID"), ("②", "次へ")],
        "two_step": [("③", "パスワード"), ("④", "セキュリティコード"), ("⑤", "ログイン")],
    }


def test_security_code_is_valid_for_10_minutes(flows: Flows) -> None:
    assert flows.bizd.code_validity_minutes == 10
    assert "有効期限：10分" in flows.bizd.screens["two_step"].texts


def test_account_site_is_the_appendixs(flows: Flows) -> None:
    assert flows.bizd.account_site == "https://id-biz.smt.docomo.ne.jp/"


# --- Appendix: documented errors ------------------------------------------------------------------


def test_documented_error_messages_are_verbatim(flows: Flows) -> None:
    assert [(e.number, e.message) for e in flows.appendix.errors] == [
        ("①", "ログインに失敗しました。お客様のビジネスdアカウントではログインできません。"),
        ("②", "お客様のビジネスdアカウント情報に未登録の項目がございます。"),
    ]


# --- the manual itself ----------------------------------------------------------------------------


def test_manual_is_version_2_5_issued_2025_04_25(flows: Flows) -> None:
    manual = flows.manual
    assert manual.title == "ビジネスdアカウント ログインマニュアル"
    assert manual.version == "2.5"
    assert manual.issued == dt.date(2025, 4, 25)


def test_revision_history_has_the_16_rows_from_1_0_to_2_5(flows: Flows) -> None:
    """改定履歴 prints 16 rows (第1.0版 … 第2.2版 on its first page, 第2.3版 … 第2.5版 on the second)."""
    revisions = [(r.version, r.date) for r in flows.manual.revisions]
    assert revisions == REVISIONS
    assert revisions[-1] == (flows.manual.version, flows.manual.issued)


def test_revision_history_is_the_manuals_word_for_word(flows: Flows, manual_text: str) -> None:
    rows = re.findall(r"^第(\d\.\d)版\t(\d{4})年(\d{1,2})月(\d{1,2})日\t(.+)$", manual_text, flags=re.MULTILINE)
    printed = [(v, dt.date(int(y), int(m), int(d)), note.strip()) for v, y, m, d, note in rows]
    assert [(r.version, r.date, r.note) for r in flows.manual.revisions] == printed


def test_error_messages_and_no_login_reason_are_printed_in_the_manual(flows: Flows, manual_text: str) -> None:
    quoted = [e.message for e in flows.appendix.errors] + [flows.service("marugoto-support").no_login_reason or ""]
    assert [q for q in quoted if q not in manual_text] == []


# --- never invent a label ---------------------------------------------------------------------------


def _labels(flows: Flows) -> list[tuple[str, str, str | None]]:
    """(where, label, note) for every label flows/ holds: controls, screen texts, invitation emails."""
    screens = [(f"bizd-account.yaml {name}", s) for name, s in flows.bizd.screens.items()]
    screens += [(f"appendix.yaml {p.id} {name}", s) for p in flows.appendix.procedures for name, s in p.screens.items()]
    screens += [(f"services/{sv.id}.yaml {name}", s) for sv in flows.services for name, s in sv.screens.items()]
    found: list[tuple[str, str, str | None]] = []
    for where, screen in screens:
        found += [(f"{where} control", c.label, c.note) for c in screen.controls]
        found += [(f"{where} text", text, None) for text in screen.texts]
    for service in flows.services:
        if service.invitation:
            found += [(f"services/{service.id}.yaml email", e.subject, None) for e in service.invitation.emails]
            found.append((f"services/{service.id}.yaml accept_link", service.invitation.accept_link, None))
    found += [("appendix.yaml error", e.message, None) for e in flows.appendix.errors]
    return found


def _not_in_manual(flows: Flows, manual_text: str) -> tuple[list[str], list[str]]:
    """Labels whose folded form is nowhere in the folded manual: (unexplained, excused by a control's note)."""
    text = fold(manual_text)
    missing = [(where, label, note) for where, label, note in _labels(flows) if fold(label) not in text]
    unexplained = [f"{where}: {label!r}" for where, label, note in missing if not note]
    excused = [f"{where}: {label!r} ({note})" for where, label, note in missing if note]
    return unexplained, excused


def test_every_label_appears_in_the_manual(flows: Flows, manual_text: str) -> None:
    """After the label rule's folding; a control may differ only with a note saying why."""
    assert len(_labels(flows)) > 100
    unexplained, excused = _not_in_manual(flows, manual_text)
    assert unexplained == [], "labels not in the manual:\n" + "\n".join(unexplained) + (
        "\nexcused by a note:\n" + "\n".join(excused)
    )


def test_an_invented_label_is_caught_unless_a_note_explains_it(flows_copy: Path, manual_text: str) -> None:
    aidma = flows_copy / "services" / "aidma.yaml"
    edit(aidma, "{label: 利用規約, kind: link}", "{label: ご利用規約はこちら, kind: link}")
    edit(aidma, "{label: ビジネスdアカウント ログイン, kind: button, purpose: entry}",
         "{label: ビジネスdアカウントで ログインする, kind: button, purpose: entry, note: renamed on the live site}")
    edit(aidma, "control: ビジネスdアカウント ログイン,", "control: ビジネスdアカウントで ログインする,")

    unexplained, excused = _not_in_manual(load_flows(flows_copy), manual_text)

    assert unexplained == ["services/aidma.yaml login control: 'ご利用規約はこちら'"]
    assert excused == [
        "services/aidma.yaml login control: 'ビジネスdアカウントで ログインする' (renamed on the live site)"
    ]
