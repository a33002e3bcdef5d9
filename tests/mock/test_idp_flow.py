"""The IdP over HTTP: screens as the manual's p.6 shows them, codes, lock, consent, SSO, errors."""
from __future__ import annotations

import re
from datetime import timedelta

from conftest import CALLBACK, CLIENT_ID, IDP, Steps
from mocksites.testing import MockClient
from mocksites.world import World


def labelled(html: str, text: str) -> str | None:
    """The id of the input a <label for> with this text names."""
    found = re.search(r'<label[^>]*for="([^"]+)"[^>]*>\s*' + re.escape(text) + r"\s*</label>", html)
    return found.group(1) if found and f'id="{found.group(1)}"' in html else None


def test_id_screen_shows_the_manuals_words(steps: Steps) -> None:
    page = steps.open_login().text
    for text in ("ビジネスdアカウント", "ログイン", "ビジネスdアカウントが分からない方", "ログインしたままにする",
                 ">次へ<", "ご確認ください", "はじめてご利用の方はビジネスdアカウントを作成してください。",
                 "ビジネスdアカウントとは？", 'placeholder="メールアドレスまたは任意のID"'):
        assert text in page, text
    assert "ログインについての" in page and "をご確認ください。" in page
    assert labelled(page, "ビジネスdアカウントID") == "bizd-id"
    assert labelled(page, "ログインしたままにする") == "keep"


def test_unknown_id_is_refused_on_the_id_screen(steps: Steps, idp_world: World) -> None:
    steps.open_login()
    reply = steps.enter_id("nobody@example.jp")
    assert reply.status == 400
    assert "入力されたビジネスdアカウントIDは登録されていません" in reply.text and "2段階認証" not in reply.text
    assert idp_world.sent == []
    assert "ビジネスdアカウントIDを入力してください" in steps.enter_id("").text


def test_two_step_screen_shows_id_masked_destination_and_labelled_fields(steps: Steps) -> None:
    steps.open_login()
    page = steps.enter_id("demo@example.jp").text
    for text in ("2段階認証", "2段階認証用のセキュリティコードを送信しました。ご確認の上、セキュリティコードを入力してください。",
                 "demo@example.jp", "dem●●●@example.jp", "有効期限：10分", ">ログイン<",
                 "セキュリティコードが届かない方はこちら", "セキュリティコードを再送する", ">戻る<"):
        assert text in page, text
    assert labelled(page, "パスワード") == "password"
    assert labelled(page, "セキュリティコード") == "code"


def test_correct_password_and_code_lead_to_consent_then_back_with_a_one_time_code(
        steps: Steps, idp_world: World) -> None:
    reply = steps.sign_in()
    assert reply.status == 303 and reply.location == "/auth/consent"
    consent = steps.client.get(f"{IDP}/auth/consent").text
    for text in ("サービス連携の同意", "テストサービス", "テスト株式会社", "ユーザ識別子", "+ 開く", ">同意する<",
                 ">同意しない<", "連携サービスの確認・解除"):
        assert text in consent, text
    back = steps.consent("agree")
    assert back.location.startswith(CALLBACK + "?")
    query = back.query()
    assert query["state"] == "st-1"
    assert idp_world.redeem(query["code"]) == "demo@example.jp"
    assert idp_world.redeem(query["code"]) is None  # one-time


def test_consent_is_asked_once_per_service(steps: Steps, client: MockClient) -> None:
    steps.sign_in()
    steps.consent("agree")
    client.jar.clear()
    again = steps.sign_in()
    assert again.location.startswith(CALLBACK) and "code" in again.query()
    client.jar.clear()
    other = steps.sign_in(client_id="second-client")
    assert other.location == "/auth/consent"


def test_declining_consent_returns_access_denied_and_asks_again_next_time(steps: Steps, client: MockClient) -> None:
    steps.sign_in()
    back = steps.consent("disagree")
    assert back.query() == {"error": "access_denied", "state": "st-1"}
    client.jar.clear()
    assert steps.sign_in().location == "/auth/consent"


def test_code_expires_after_ten_minutes(steps: Steps, idp_world: World) -> None:
    steps.open_login()
    steps.enter_id("demo@example.jp")
    code = steps.code()
    idp_world.clock.advance(minutes=11)
    reply = steps.two_step(code)
    assert reply.status == 400 and "有効期限（10分）が切れています" in reply.text


def test_code_within_ten_minutes_is_accepted(steps: Steps, idp_world: World) -> None:
    steps.open_login()
    steps.enter_id("demo@example.jp")
    idp_world.clock.advance(minutes=9, seconds=50)
    assert steps.two_step(steps.code()).status == 303


def test_resend_issues_a_new_code_and_voids_the_old_one(steps: Steps, client: MockClient) -> None:
    steps.open_login()
    steps.enter_id("demo@example.jp")
    old = steps.code()
    page = client.get(f"{IDP}/auth/resend")
    assert "セキュリティコードを再送しました" in page.text
    new = steps.code()
    assert new != old
    refused = steps.two_step(old)
    assert refused.status == 400 and "このセキュリティコードは無効です" in refused.text
    assert steps.two_step(new).status == 303


def test_a_used_code_cannot_be_used_again(steps: Steps, client: MockClient) -> None:
    steps.sign_in()
    used = steps.code()
    client.jar.clear()
    steps.open_login()
    steps.enter_id("demo@example.jp")
    reply = steps.two_step(used)
    assert "このセキュリティコードは使用済みです" in reply.text


def test_wrong_password_and_wrong_code_have_their_own_messages(steps: Steps) -> None:
    steps.open_login()
    steps.enter_id("demo@example.jp")
    code = steps.code()
    assert "パスワードが正しくありません" in steps.two_step(code, password="nope").text
    wrong = "000000" if code != "000000" else "111111"
    assert "セキュリティコードが正しくありません" in steps.two_step(wrong).text


def test_five_failures_lock_the_account_and_a_locked_account_cannot_sign_in(
        steps: Steps, idp_world: World, client: MockClient) -> None:
    steps.open_login()
    steps.enter_id("demo@example.jp")
    code = steps.code()
    for _ in range(4):
        assert "パスワードが正しくありません" in steps.two_step(code, password="bad").text
    locked = steps.two_step(code, password="bad")
    assert locked.status == 403 and "アカウントがロックされました" in locked.text
    assert idp_world.account("demo@example.jp").locked  # type: ignore[union-attr]
    assert "アカウントがロックされました" in steps.two_step(code).text  # even the right password
    client.jar.clear()
    steps.open_login()
    assert "アカウントがロックされました" in steps.enter_id("demo@example.jp").text


def test_success_resets_the_failure_count(steps: Steps, idp_world: World) -> None:
    steps.open_login()
    steps.enter_id("demo@example.jp")
    for _ in range(4):
        steps.two_step("999999", password="bad")
    assert steps.two_step(steps.code()).status == 303
    assert idp_world.account("demo@example.jp").failures == 0  # type: ignore[union-attr]


def test_sso_without_keep_lasts_only_until_the_browser_closes(steps: Steps, client: MockClient) -> None:
    steps.sign_in(keep=False)
    steps.consent()
    cookie = client.cookie("BIZD_SSO")
    assert cookie is not None and cookie.expires is None
    second = steps.open_login(client_id="second-client")
    assert second.status == 303 and second.location == "/auth/consent"  # no ID, no code
    client.restart_browser()
    assert "ビジネスdアカウントID" in steps.open_login().text


def test_sso_with_keep_survives_a_browser_restart(steps: Steps, client: MockClient, idp_world: World) -> None:
    steps.sign_in(keep=True)
    steps.consent()
    cookie = client.cookie("BIZD_SSO")
    assert cookie is not None and cookie.expires is not None
    client.restart_browser()
    again = steps.open_login()
    assert again.status == 302 and again.location.startswith(CALLBACK)
    idp_world.clock.advance(days=31)
    assert steps.open_login().status == 200  # the session ended server-side


def test_account_without_user_management_permission_gets_documented_error_1(steps: Steps) -> None:
    reply = steps.sign_in("noperm@example.jp")
    assert reply.status == 403
    assert "ログインに失敗しました。お客様のビジネスdアカウントではログインできません。" in reply.text


def test_account_with_missing_fields_gets_documented_error_2_with_the_required_list(steps: Steps) -> None:
    reply = steps.sign_in("incomplete@example.jp")
    assert reply.status == 403
    assert "お客様のビジネスdアカウント情報に未登録の項目がございます。" in reply.text
    for item in ("管理グループ：管理代表・管理許可子", "DUNSナンバー", "会社名", "郵便番号（事務所）", "住所（事務所）",
                 "氏名", "フリガナ", "連絡先メールアドレス（WEB／ケータイ）いずれか", "職場の電話番号（外線）"):
        assert f"<li>{item}</li>" in reply.text


def test_added_account_signs_in(steps: Steps, idp_world: World) -> None:
    idp_world.add_account("new@example.jp", "Other-Pass-1", business_email="new@example.jp")
    reply = steps.sign_in("new@example.jp", password="Other-Pass-1")
    assert reply.location == "/auth/consent"


def test_service_login_without_contact_email_is_refused_on_the_id_screen(steps: Steps) -> None:
    steps.open_login()
    reply = steps.enter_id("nomail@example.jp")
    assert "連絡先メールアドレスが登録されていない" in reply.text


def test_bad_authorize_requests_are_refused(client: MockClient) -> None:
    for query in ("client_id=unknown&redirect_uri=https://client.test.invalid/cb",
                  f"client_id={CLIENT_ID}&redirect_uri=https://evil.example/cb",
                  f"client_id={CLIENT_ID}&redirect_uri=http://client.test.invalid/cb",
                  f"client_id={CLIENT_ID}"):
        reply = client.get(f"{IDP}/auth/login?{query}")
        assert reply.status == 400 and "ログイン要求が正しくありません" in reply.text


def test_redeem_rejects_stale_and_unknown_codes(idp_world: World) -> None:
    code = idp_world.issue_auth_code("demo@example.jp", CLIENT_ID)
    idp_world.clock.advance(timedelta(minutes=6))
    assert idp_world.redeem(code) is None
    assert idp_world.redeem("made-up") is None
