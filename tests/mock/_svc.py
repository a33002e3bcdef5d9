"""Helpers for the service-page tests: a fresh world with the service apps, and a test client per host."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from mocksites.services import build_apps
from mocksites.world import World


@dataclass
class Sites:
    """The service apps of one world, with one cookie jar (test client) per host, like one browser."""

    world: World
    apps: dict[str, Flask]
    clients: dict[str, FlaskClient] = field(default_factory=dict)
    mails: list[dict[str, Any]] = field(default_factory=list)

    def client(self, host: str) -> FlaskClient:
        if host not in self.clients:
            self.clients[host] = self.apps[host].test_client()
        return self.clients[host]

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return self.client(parts.hostname or "").get(path, base_url=f"https://{parts.hostname}", **kwargs)

    def post(self, url: str, data: dict[str, str] | None = None) -> TestResponse:
        parts = urlsplit(url)
        return self.client(parts.hostname or "").post(parts.path, base_url=f"https://{parts.hostname}", data=data or {})

    def sign_in_via_idp(self, host: str, account: str, start: str = "/sso/start") -> TestResponse:
        """Stand in for the IdP: follow /sso/start, mint an auth code for ``account``, call back."""
        started = self.get(f"https://{host}{start}")
        assert started.status_code == 302, started.status_code
        query = parse_qs(urlsplit(started.headers["Location"]).query)
        client_id, state = query["client_id"][0], query["state"][0]
        assert query["redirect_uri"][0] == f"https://{host}/sso/callback"
        code = self.world.issue_auth_code(account, client_id)
        return self.get(f"https://{host}/sso/callback?code={code}&state={state}")


def build(tmp_path: Any) -> tuple[World, dict[str, Flask]]:
    """A world with the service apps (build once per module: apps are cheap to reuse, not to build)."""
    world = World(maildir=tmp_path / "Maildir")
    return world, build_apps(world)


def make_sites(built: tuple[World, dict[str, Flask]]) -> Sites:
    """Fresh cookie jars and a mail capture over a built world (reset it after the test)."""
    world, apps = built
    sites = Sites(world, apps)

    def capture(sender: str, to: str | list[str], subject: str, text: str, html: str | None = None,
                code: str | None = None) -> bool:
        sites.mails.append({"from": sender, "to": to, "subject": subject, "text": text, "html": html or ""})
        return True

    world.send_mail = capture  # type: ignore[method-assign]
    return sites
