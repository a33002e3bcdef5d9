"""Drift scenarios change exactly what they say; faults break the network, not the words."""
from __future__ import annotations

import http.client
import socket
import time

import pytest

from conftest import CALLBACK, IDP, Steps
from mocksites.faults import parse_fault
from mocksites.scenarios import FAULT_SCENARIOS, IDP_SCENARIOS, Scenario, registry
from mocksites.server import MockServer
from mocksites.testing import MockClient
from mocksites.world import World


def test_every_scenario_has_a_description_and_an_expected_report() -> None:
    for scenario in registry().values():
        assert isinstance(scenario, Scenario) and scenario.description and scenario.expect
        assert scenario.kind in ("drift", "fault", "cosmetic", "lock")
    for scenario in IDP_SCENARIOS:
        verdict = {"drift": "DRIFT — ", "cosmetic": "STALE — "}[scenario.kind]
        assert scenario.expect.startswith(verdict) and scenario.hosts == ("id-biz.smt.docomo.ne.jp",)


def test_registry_includes_the_core_and_the_service_scenarios() -> None:
    names = set(registry())
    assert {s.name for s in IDP_SCENARIOS + FAULT_SCENARIOS} <= names
    assert len(names) > len(IDP_SCENARIOS) + len(FAULT_SCENARIOS)  # the services' own are there too


def test_unknown_scenario_is_refused(idp_world: World) -> None:
    with pytest.raises(ValueError, match="unknown scenario"):
        idp_world.set_scenarios(["no-such-thing"])
    with pytest.raises(ValueError):
        parse_fault("slow:fast")


def test_reset_clears_scenarios(idp_world: World) -> None:
    idp_world.set_scenarios(["idp-next-renamed", "unavailable@www.rview.com"])
    assert idp_world.active("idp-next-renamed") and idp_world.active("unavailable")
    idp_world.reset()
    assert idp_world.active_names() == []


def test_next_renamed(steps: Steps, idp_world: World) -> None:
    idp_world.set_scenarios(["idp-next-renamed"])
    page = steps.open_login().text
    assert ">続ける<" in page and ">次へ<" not in page


def test_keep_signed_in_removed(steps: Steps, idp_world: World) -> None:
    idp_world.set_scenarios(["idp-keep-signed-in-removed"])
    page = steps.open_login().text
    assert "ログインしたままにする" not in page and "ビジネスdアカウントID" in page


def test_two_step_login_renamed(steps: Steps, idp_world: World) -> None:
    idp_world.set_scenarios(["two-step-login-renamed"])
    steps.open_login()
    page = steps.enter_id("demo@example.jp").text
    assert ">認証する<" in page and ">ログイン<" not in page


def test_consent_removed(steps: Steps, idp_world: World) -> None:
    idp_world.set_scenarios(["consent-removed"])
    assert steps.sign_in().location.startswith(CALLBACK)


def test_consent_agree_renamed(steps: Steps, client: MockClient, idp_world: World) -> None:
    idp_world.set_scenarios(["consent-agree-renamed"])
    steps.sign_in()
    page = client.get(f"{IDP}/auth/consent").text
    assert ">許可する<" in page and ">同意する<" not in page and ">同意しない<" in page


def test_error_message_changed(steps: Steps, idp_world: World) -> None:
    idp_world.set_scenarios(["error-message-changed"])
    page = steps.sign_in("noperm@example.jp").text
    assert "お客様のビジネスdアカウントではログインできません" not in page and 'data-error="①"' in page


def test_code_mail_missing(steps: Steps, idp_world: World, mock_server: MockServer) -> None:
    idp_world.set_scenarios(["code-mail-missing"])
    steps.open_login()
    assert "2段階認証" in steps.enter_id("demo@example.jp").text
    assert idp_world.sent == [] and not any((mock_server.maildir / "new").iterdir())


def test_account_menu_renamed(client: MockClient, idp_world: World) -> None:
    idp_world.set_scenarios(["account-menu-renamed"])
    page = client.get(f"{IDP}/").text
    assert "マイメニュー" in page and "ビジネスdアカウントメニュー" not in page


def test_logout_message_changed(client: MockClient, idp_world: World) -> None:
    idp_world.set_scenarios(["logout-message-changed"])
    page = client.get(f"{IDP}/logout").text
    assert "ログアウトしました。ご利用ありがとうございました。" not in page and "ログアウト" in page


def raw_get(server: MockServer, host: str, path: str = "/") -> http.client.HTTPResponse:
    conn = http.client.HTTPSConnection(host, server.port, context=server.client_context(), timeout=10)
    conn.sock = server.client_context().wrap_socket(
        socket.create_connection((server.bind, server.port), 10), server_hostname=host)
    conn.request("GET", path)
    return conn.getresponse()


def test_unavailable_gives_503_for_that_host_only(mock_server: MockServer, idp_world: World) -> None:
    idp_world.set_scenarios(["unavailable@www.rview.com"])
    assert raw_get(mock_server, "www.rview.com").status == 503
    assert raw_get(mock_server, "id-biz.smt.docomo.ne.jp").status == 200


def test_slow_delays_responses(mock_server: MockServer, idp_world: World) -> None:
    idp_world.set_scenarios(["slow:400@id-biz.smt.docomo.ne.jp"])
    started = time.monotonic()
    assert raw_get(mock_server, "id-biz.smt.docomo.ne.jp").status == 200
    assert time.monotonic() - started >= 0.4


def test_connection_reset_closes_without_a_response_and_the_server_keeps_serving(
        mock_server: MockServer, idp_world: World) -> None:
    idp_world.set_scenarios(["connection-reset@www.cloudsign.jp"])
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, OSError)):
        raw_get(mock_server, "www.cloudsign.jp", "/docomo")
    assert raw_get(mock_server, "id-biz.smt.docomo.ne.jp").status == 200
    idp_world.set_scenarios([])
    assert raw_get(mock_server, "www.cloudsign.jp", "/docomo").status == 200
