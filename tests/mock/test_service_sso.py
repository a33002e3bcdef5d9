"""The services' SSO client and their own rules, through Flask's test client: sign-in, 同意しない,
出勤簿's 会社コード, and Josys's invitation-only first login (mails, expiry, password rule)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from _svc import Sites, build, make_sites
from flask import Flask

from mocksites.services import send_josys_invitation
from mocksites.services.josys import PASSWORD_HINT
from mocksites.world import World

DEMO = "demo@example.jp"
JOSYS = "https://api.josys.it"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, dict[str, Flask]]:
    return build(tmp_path_factory.mktemp("services"))


@pytest.fixture
def sites(built: tuple[World, dict[str, Flask]]) -> Iterator[Sites]:
    yield make_sites(built)
    built[0].reset()


def test_every_host_registers_its_client(sites: Sites) -> None:
    hosts = {c.redirect_host for c in sites.world.clients.values()}
    assert hosts == set(sites.apps)


@pytest.mark.parametrize("host,start,landing", [
    ("www.cloudsign.jp", "/sso/start", "dX電子契約 — ログイン中: demo@example.jp"),
    ("kintai.jinjer.biz", "/sso/start?entry=staffs", "dX勤怠・労務管理 勤怠（従業員） — ログイン中: demo@example.jp"),
    ("docomo.hotprofile.jp", "/sso/start", "dX顧客開拓"),
], ids=["cloudsign", "jinjer-kintai-staffs", "hotprofile"])
def test_sign_in_lands_on_the_service(sites: Sites, host: str, start: str, landing: str) -> None:
    back = sites.sign_in_via_idp(host, DEMO, start)
    assert back.status_code == 302 and back.headers["Location"] == "/home"
    home = sites.get(f"https://{host}/home")
    assert landing in home.text and "ログアウト" in home.text
    sites.get(f"https://{host}/logout")
    assert sites.get(f"https://{host}/home").status_code == 302


def test_access_denied_returns_to_the_login_page_with_a_notice(sites: Sites) -> None:
    started = sites.get("https://www.cloudsign.jp/sso/start")
    state = started.headers["Location"].split("state=")[1]
    back = sites.get(f"https://www.cloudsign.jp/sso/callback?error=access_denied&state={state}")
    assert back.status_code == 302 and back.headers["Location"] == "/docomo"
    page = sites.get("https://www.cloudsign.jp/docomo").text
    assert 'role="alert"' in page and "ログインできませんでした" in page
    assert sites.get("https://www.cloudsign.jp/home").status_code == 302  # not signed in


def test_callback_refuses_a_bad_state_or_code(sites: Sites) -> None:
    sites.get("https://www.cloudsign.jp/sso/start")
    assert sites.get("https://www.cloudsign.jp/sso/callback?code=x&state=forged").status_code == 400
    started = sites.get("https://www.cloudsign.jp/sso/start")
    state = started.headers["Location"].split("state=")[1]
    assert sites.get(f"https://www.cloudsign.jp/sso/callback?code=unknown&state={state}").status_code == 400


@pytest.mark.parametrize("path", ["/cw/login_d", "/cw/sd_d"])
def test_shukkinbo_needs_the_company_code_first(sites: Sites, path: str) -> None:
    url = f"https://bizd.follow.jp{path}"
    empty = sites.post(url, {"company_code": ""})
    assert empty.status_code == 400 and "会社コードを入力してください。" in empty.text
    pressed = sites.post(url, {"company_code": sites.world.demo_company_code()})
    assert pressed.status_code == 302 and pressed.headers["Location"].startswith("/sso/start")
    back = sites.sign_in_via_idp("bizd.follow.jp", DEMO, pressed.headers["Location"])
    assert back.headers["Location"] == "/home"


def test_shukkinbo_refuses_a_wrong_company_code(sites: Sites) -> None:
    sites.post("https://bizd.follow.jp/cw/login_d", {"company_code": "WRONG99"})
    back = sites.sign_in_via_idp("bizd.follow.jp", DEMO)
    assert back.status_code == 403 and "会社コードが正しくありません" in back.text


def test_josys_sends_both_opening_mails(sites: Sites) -> None:
    url = send_josys_invitation(sites.world, DEMO)
    ready, invite = sites.mails
    assert "サービス利用準備完了のお知らせ" in ready["subject"]
    assert invite["subject"] == "【Josys】アカウントアクティベーション招待"
    assert invite["from"] == "Josys <noreply@josys.it>" and invite["to"] == DEMO
    assert f'href="{url}"' in invite["html"] and "招待を承諾する</a>" in invite["html"]
    assert "まで有効です。" in invite["text"] and url in invite["text"]


def test_josys_refuses_sign_in_before_activation(sites: Sites) -> None:
    refused = sites.sign_in_via_idp("api.josys.it", DEMO)
    assert refused.status_code == 403 and "開通通知メール" in refused.text
    assert sites.get(f"{JOSYS}/home").status_code == 302


@pytest.mark.parametrize("password", ["", "abc1234", "abcd 1234", "パスワード12345", "abcd-1234"])
def test_josys_password_rule(sites: Sites, password: str) -> None:
    url = send_josys_invitation(sites.world, DEMO)
    assert PASSWORD_HINT in sites.get(url).text
    refused = sites.post(f"{JOSYS}/invitations/accept", {"token": url.split("token=")[1], "password": password})
    assert refused.status_code == 400 and 'role="alert">8文字以上の英数字で入力してください。' in refused.text


def test_josys_first_login_by_invitation_then_at_the_url(sites: Sites) -> None:
    url = send_josys_invitation(sites.world, DEMO)
    token = url.split("token=")[1]
    done = sites.post(f"{JOSYS}/invitations/accept", {"token": token, "password": "abcd1234"})
    assert done.status_code == 302 and "ログイン中: demo@example.jp" in sites.get(f"{JOSYS}/home").text
    assert sites.get(url).status_code == 410  # used once
    sites.get(f"{JOSYS}/logout")
    again = sites.sign_in_via_idp("api.josys.it", DEMO)
    assert again.status_code == 302 and again.headers["Location"] == "/home"


def test_josys_invitation_expires_on_the_world_clock(sites: Sites) -> None:
    url = send_josys_invitation(sites.world, DEMO, valid_for=timedelta(hours=1))
    assert sites.get(url).status_code == 200
    sites.world.clock.advance(hours=1, minutes=1)
    expired = sites.get(url)
    assert expired.status_code == 410 and "有効期限が切れています" in expired.text
    token = url.split("token=")[1]
    assert sites.post(f"{JOSYS}/invitations/accept", {"token": token, "password": "abcd1234"}).status_code == 410


def test_josys_state_goes_with_a_world_reset(sites: Sites) -> None:
    url = send_josys_invitation(sites.world, DEMO)
    sites.post(f"{JOSYS}/invitations/accept", {"token": url.split("token=")[1], "password": "abcd1234"})
    sites.world.reset()
    assert sites.get(url).status_code == 404
