"""The service pages' drift scenarios, through Flask's test client: each changes exactly what its
description says, and nothing is changed while it is off."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from _svc import Sites, build, make_sites
from flask import Flask

from mocksites.scenarios import registry
from mocksites.services.drift import SERVICE_SCENARIOS
from mocksites.world import World

DEMO = "demo@example.jp"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, dict[str, Flask]]:
    return build(tmp_path_factory.mktemp("services"))


@pytest.fixture
def sites(built: tuple[World, dict[str, Flask]]) -> Iterator[Sites]:
    yield make_sites(built)
    built[0].reset()


def on(sites: Sites, name: str) -> None:
    sites.world.set_scenarios([name])


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_every_scenario_is_registered_and_targets_a_served_host(sites: Sites) -> None:
    known = registry()
    for scenario in SERVICE_SCENARIOS:
        assert known[scenario.name] is scenario
        assert scenario.description and scenario.expect
        assert scenario.hosts and set(scenario.hosts) <= set(sites.apps), scenario.name
    names = [s.name for s in SERVICE_SCENARIOS]
    assert len(names) == len(set(names))


def test_entry_button_renamed(sites: Sites) -> None:
    url = "https://www.cloudsign.jp/docomo"
    assert "ビジネスdアカウント ログイン</a>" in sites.get(url).text
    on(sites, "entry-button-renamed")
    page = sites.get(url).text
    assert "ビジネスdアカウント ログイン" not in page and "dアカウントでログイン</a>" in page


def test_field_removed(sites: Sites) -> None:
    url = "https://docomo.hotprofile.jp/auth/login/"
    assert ">顧客ID</label>" in sites.get(url).text
    on(sites, "field-removed")
    page = sites.get(url).text
    assert "顧客ID" not in page and ">ユーザーID</label>" in page


def test_screen_text_changed(sites: Sites) -> None:
    url = "https://user.photolize.jp/bd-login/"
    documented = "ビジネスd電子申請をご契約されているお客さまは以下のログインボタンよりログインしてください"
    assert documented in text_of(sites.get(url).text)
    on(sites, "screen-text-changed")
    page = sites.get(url)
    assert page.status_code == 200 and documented not in text_of(page.text)


def test_url_404(sites: Sites) -> None:
    on(sites, "url-404")
    assert sites.get("https://www.club-off.com/dxfukuri/").status_code == 404


def test_url_redirects_elsewhere(sites: Sites) -> None:
    on(sites, "url-redirects-elsewhere")
    moved = sites.get("https://www.lpcloud.jp/login_docomo/")
    assert moved.status_code == 302 and moved.headers["Location"] == "https://www.lpcloud.jp/service/"
    generic = sites.get(moved.headers["Location"]).text
    assert "アカウント" not in generic and 'type="image"' not in generic


def test_url_moved_still_shows_the_documented_screen(sites: Sites) -> None:
    on(sites, "url-moved")
    moved = sites.get("https://www.dxhp.akibare-hp.com/")
    assert moved.status_code == 301 and moved.headers["Location"] == "/member/login/"
    page = sites.get("https://www.dxhp.akibare-hp.com/member/login/").text
    for text in ("dXホームページログイン", "下記ボタンを押して、dアカウントと連携してください", "ビジネス d アカウント ログイン"):
        assert text in page


def test_new_intermediate_step(sites: Sites) -> None:
    assert "ビジネスdアカウントでログイン" in sites.get("https://newspicks.com/login/").text
    on(sites, "new-intermediate-step")
    step = sites.get("https://newspicks.com/login/")
    assert step.status_code == 302 and step.headers["Location"] == "/login/select/"
    extra = sites.get("https://newspicks.com/login/select/").text
    assert "ビジネスdアカウント" not in extra
    assert "ビジネスdアカウントでログイン" in sites.get("https://newspicks.com/login/form/").text


def test_newspicks_sso_renamed(sites: Sites) -> None:
    on(sites, "newspicks-sso-renamed")
    page = sites.get("https://newspicks.com/login/").text
    assert "ビジネスdアカウントでログイン" not in page and "Googleでログイン" in page


def test_rview_sso_removed(sites: Sites) -> None:
    assert "Log in with SSO" in sites.get("https://www.rview.com/").text
    on(sites, "rview-sso-removed")
    assert "Log in with SSO" not in sites.get("https://www.rview.com/").text
    assert "ビジネスdアカウントでログイン" in sites.get("https://www.rview.com/ja/sso").text


@pytest.mark.parametrize("path", ["/cw/login_d", "/cw/sd_d"])
def test_shukkinbo_company_code_renamed(sites: Sites, path: str) -> None:
    assert ">会社コード</label>" in sites.get(f"https://bizd.follow.jp{path}").text
    on(sites, "shukkinbo-company-code-renamed")
    page = sites.get(f"https://bizd.follow.jp{path}").text
    assert "会社コード" not in page and ">企業コード</label>" in page


def test_josys_invite_link_renamed(sites: Sites) -> None:
    from mocksites.services import send_josys_invitation

    on(sites, "josys-invite-link-renamed")
    send_josys_invitation(sites.world, DEMO)
    invite = sites.mails[-1]
    assert "招待を承諾する</a>" not in invite["html"] and "アカウントを有効化する</a>" in invite["html"]


def test_josys_password_rule_changed(sites: Sites) -> None:
    from mocksites.services import send_josys_invitation

    on(sites, "josys-password-rule-changed")
    url = send_josys_invitation(sites.world, DEMO)
    form = sites.get(url).text
    assert "8文字以上の英数字で入力してください。" not in form
    token = url.split("token=")[1]
    refused = sites.post("https://api.josys.it/invitations/accept", {"token": token, "password": "abcd1234"})
    assert refused.status_code == 400
    accepted = sites.post("https://api.josys.it/invitations/accept", {"token": token, "password": "Abcdefgh1234"})
    assert accepted.status_code == 302
