"""Fixtures and steps for the mock's own tests: a browserless client and the sign-in steps over HTTP."""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from mocksites import testing
from mocksites.accounts import DEMO_PASSWORD
from mocksites.server import MockServer
from mocksites.testing import MockClient, Reply, last_code
from mocksites.world import World

IDP = "https://id-biz.smt.docomo.ne.jp"
CLIENT_ID = "test-client"
CLIENT_HOST = "client.test.invalid"
CALLBACK = f"https://{CLIENT_HOST}/sso/callback"

# the fixtures of mocksites.testing (a non-root conftest cannot use pytest_plugins)
mock_server = testing.mock_server
mock_world = testing.mock_world


@pytest.fixture
def idp_world(mock_world: World) -> Iterator[World]:
    """The world with a test SSO client (clients survive resets; registering again is harmless)."""
    mock_world.register_client(CLIENT_ID, "テストサービス", "テスト株式会社", CLIENT_HOST)
    mock_world.register_client("second-client", "第二サービス", "第二株式会社", CLIENT_HOST)
    yield mock_world


@pytest.fixture
def client(mock_server: MockServer, idp_world: World) -> MockClient:
    return MockClient(mock_server)


class Steps:
    """The sign-in as a person does it, one HTTP step per action."""

    def __init__(self, client: MockClient, server: MockServer) -> None:
        self.client = client
        self.server = server

    def authorize_url(self, client_id: str = CLIENT_ID, state: str = "st-1") -> str:
        return f"{IDP}/auth/login?" + urlencode({"client_id": client_id, "redirect_uri": CALLBACK, "state": state})

    def open_login(self, client_id: str = CLIENT_ID, state: str = "st-1") -> Reply:
        return self.client.get(self.authorize_url(client_id, state), follow=False)

    def enter_id(self, account_id: str, keep: bool = False) -> Reply:
        data = {"bizd_id": account_id, **({"keep": "1"} if keep else {})}
        return self.client.post(f"{IDP}/auth/login", data)

    def code(self) -> str:
        code = last_code(self.server.maildir)
        assert code is not None, "no security code mail in the Maildir"
        return code

    def two_step(self, code: str, password: str = DEMO_PASSWORD) -> Reply:
        return self.client.post(f"{IDP}/auth/two-step", {"password": password, "code": code}, follow=False)

    def sign_in(self, account_id: str = "demo@example.jp", keep: bool = False, client_id: str = CLIENT_ID,
                password: str = DEMO_PASSWORD) -> Reply:
        """From the service's redirect to the IdP up to the IdP's answer after ログイン (not followed)."""
        opened = self.open_login(client_id)
        assert opened.status == 200, opened.text[:300]
        shown = self.enter_id(account_id, keep)
        assert "2段階認証" in shown.text, shown.text[:500]
        return self.two_step(self.code(), password)

    def consent(self, decision: str = "agree") -> Reply:
        return self.client.post(f"{IDP}/auth/consent", {"decision": decision}, follow=False)


@pytest.fixture
def steps(client: MockClient, mock_server: MockServer) -> Steps:
    return Steps(client, mock_server)
