"""The account site (appendix): menu link, sign-in, menu, sign-out, contact email, linked services."""
from __future__ import annotations

from conftest import IDP, Steps
from mocksites.server import MockServer
from mocksites.testing import MockClient, last_code
from mocksites.world import World


def sign_in_at_site(client: MockClient, server: MockServer, account_id: str = "demo@example.jp") -> str:
    shown = client.get(f"{IDP}/menu")
    assert "ビジネスdアカウントID" in shown.text
    client.post(f"{IDP}/auth/login", {"bizd_id": account_id})
    code = last_code(server.maildir)
    assert code
    return client.post(f"{IDP}/auth/two-step", {"password": "Mock-Pass-2025", "code": code}).text


def test_top_page_has_the_menu_link_at_the_top(client: MockClient) -> None:
    page = client.get(f"{IDP}/").text
    assert '<a class="menu" href="/menu">ビジネスdアカウントメニュー</a>' in page
    assert "ビジネスdアカウントを作成" in page and "dアカウントからの移行手続きへ" in page


def test_menu_after_sign_in_lists_the_documented_sections(client: MockClient, mock_server: MockServer) -> None:
    page = sign_in_at_site(client, mock_server)
    assert "<h1>ビジネスdアカウントメニュー</h1>" in page and "demo@example.jp" in page
    for text in ("ログアウト", "別IDでログイン", "ID/パスワード管理", "パスワードの変更", "IDの変更", "セキュリティ",
                 "2段階認証の設定", "パスワードレス設定", "アカウント利用履歴", "端末のアカウントを無効化", "パスキー端末設定",
                 "その他手続き", "連絡先メールアドレスの確認・変更", "連携サービスの確認・解除",
                 "連絡先携帯電話番号の確認・変更", "法人会員情報の確認・変更"):
        assert text in page, text


def test_logout_shows_the_completion_message_and_ends_the_session(client: MockClient,
                                                                   mock_server: MockServer) -> None:
    sign_in_at_site(client, mock_server)
    page = client.get(f"{IDP}/logout").text
    assert "ログアウトしました。ご利用ありがとうございました。" in page and "HOMEへ戻る" in page
    assert "ビジネスdアカウントID" in client.get(f"{IDP}/menu").text  # asks to sign in again


def test_switch_id_signs_out_and_shows_the_id_screen(client: MockClient, mock_server: MockServer) -> None:
    sign_in_at_site(client, mock_server)
    assert "ビジネスdアカウントID" in client.get(f"{IDP}/menu/switch").text
    page = sign_in_at_site(client, mock_server, "second@example.jp")
    assert "second@example.jp" in page


def test_contact_email_page_shows_registered_addresses(client: MockClient, mock_server: MockServer) -> None:
    sign_in_at_site(client, mock_server)
    page = client.get(f"{IDP}/menu/contact-email").text
    for text in ("連絡先メールアドレスの確認", "連絡先メールアドレス(ケータイメール)", "demo-keitai@docomo.ne.jp",
                 "連絡先メールアドレス(ビジネス用メール)", "demo@example.jp", "上記以外の新しい連絡先メールアドレス",
                 ">登録する<", "ひとつ前の画面へ戻る"):
        assert text in page, text


def test_contact_email_page_is_empty_when_none_registered_and_a_new_address_can_be_added(
        client: MockClient, mock_server: MockServer, idp_world: World) -> None:
    sign_in_at_site(client, mock_server, "nomail@example.jp")
    page = client.get(f"{IDP}/menu/contact-email").text
    assert '<td id="mobile-email"></td>' in page and '<td id="business-email"></td>' in page
    bad = client.post(f"{IDP}/menu/contact-email", {"new_email": "not-an-address"})
    assert bad.status == 400 and "形式が正しくありません" in bad.text
    done = client.post(f"{IDP}/menu/contact-email", {"new_email": "nomail@example.jp"})
    assert "連絡先メールアドレスを登録しました。" in done.text and '<td id="business-email">nomail@example.jp' in done.text
    assert idp_world.account("nomail@example.jp").business_email == "nomail@example.jp"  # type: ignore[union-attr]


def test_registered_contact_email_makes_service_sign_in_possible(
        client: MockClient, mock_server: MockServer, steps: Steps) -> None:
    sign_in_at_site(client, mock_server, "nomail@example.jp")
    client.post(f"{IDP}/menu/contact-email", {"new_email": "nomail@docomo.ne.jp"})
    client.get(f"{IDP}/logout")
    reply = steps.sign_in("nomail@example.jp")
    assert reply.location == "/auth/consent"


def test_linked_services_lists_and_revokes_consent(client: MockClient, mock_server: MockServer,
                                                   steps: Steps, idp_world: World) -> None:
    steps.sign_in()
    steps.consent()
    page = client.get(f"{IDP}/menu/linked-services").text
    assert "テストサービス" in page
    client.post(f"{IDP}/menu/linked-services", {"client_id": "test-client"})
    assert not idp_world.consented("demo@example.jp", "test-client")


def test_other_menu_items_have_a_page(client: MockClient, mock_server: MockServer) -> None:
    sign_in_at_site(client, mock_server)
    page = client.get(f"{IDP}/menu/passkey")
    assert page.status == 200 and "パスキー端末設定" in page.text
    assert client.get(f"{IDP}/menu/nothing-here").status == 404
