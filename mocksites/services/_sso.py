"""The Business d Account SSO client every mock service shares.

Each documented host is one small Flask app. Only the login screens differ per service (they are
what the manual shows); starting the sign-in, the callback, the signed-in landing page and sign-out
are the same everywhere, so they are written once here.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

# what a Flask view may return here: a page, a page with a status, a redirect
View = Response | str | tuple[str, int]

IDP_LOGIN = "https://id-biz.smt.docomo.ne.jp/auth/login"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"


@dataclass
class Client:
    """One SSO client (one registration at the IdP) served by a host."""

    client_id: str
    service_name: str
    provider: str


@dataclass
class Entry:
    """One documented entry of a host (jinjer's kintai host has two: /manager and /staffs)."""

    client: Client
    title: str
    login_page: str


@dataclass
class ServiceSite:
    """A host's app plus what the shared SSO routes need to know about it."""

    world: Any
    host: str
    app: Flask
    entries: dict[str, Entry] = field(default_factory=dict)
    # the entry control's target may refuse a sign-in (Josys before activation); returns an error page
    refuse: Callable[[str, str], View | None] | None = None

    def active(self, scenario: str) -> bool:
        """Whether a drift scenario is switched on in the world."""
        return bool(self.world.active(scenario))


def new_site(world: Any, host: str) -> ServiceSite:
    """A Flask app for ``host`` with the shared SSO routes; the caller adds its login screens."""
    app = Flask(f"mock:{host}", template_folder=str(TEMPLATES), static_folder=None)
    app.secret_key = secrets.token_hex(16)
    app.config.update(
        SESSION_COOKIE_NAME=f"s_{host.split('.')[0]}",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SERVER_NAME=None,
        PREFERRED_URL_SCHEME="https",
    )
    site = ServiceSite(world, host, app)
    _add_sso_routes(site)
    return site


def add_entry(site: ServiceSite, client: Client, login_page: str, entry: str = "main",
              title: str | None = None) -> None:
    """Add one entry of this host; its client is registered at the IdP once (at build time)."""
    if all(e.client.client_id != client.client_id for e in site.entries.values()):
        site.world.register_client(client.client_id, client.service_name, client.provider, site.host)
    site.entries[entry] = Entry(client, title or client.service_name, login_page)


def _back(site: ServiceSite, entry: str) -> str:
    found = site.entries.get(entry) or site.entries.get("main")
    return found.login_page if found else "/"


def start_url(entry: str = "main") -> str:
    """Where an entry control leads: this host's SSO start for that entry."""
    return "/sso/start" if entry == "main" else f"/sso/start?entry={entry}"


def signed_in(site: ServiceSite) -> str | None:
    """The account signed in on this host, if any."""
    account = session.get("account")
    return account if isinstance(account, str) else None


def _add_sso_routes(site: ServiceSite) -> None:
    app = site.app

    @app.get("/sso/start")
    @app.post("/sso/start")
    def sso_start() -> Response:
        """Leave for the IdP with this host's client_id, remembering which entry was used."""
        entry = request.values.get("entry", "main")
        found = site.entries.get(entry)
        if found is None:
            abort(404)
        client = found.client
        state = secrets.token_urlsafe(12)
        session["sso"] = {"state": state, "entry": entry}
        query = urlencode({"client_id": client.client_id,
                           "redirect_uri": f"https://{site.host}/sso/callback", "state": state})
        return redirect(f"{IDP_LOGIN}?{query}", 302)

    @app.get("/sso/callback")
    def sso_callback() -> View:
        """Back from the IdP: redeem the code, or return to the login page on 同意しない."""
        pending = session.pop("sso", None) or {}
        entry = pending.get("entry", "main")
        back = _back(site, entry)
        if not pending or request.args.get("state") != pending.get("state"):
            return _notice(site, back, "ログイン要求が無効です。もう一度ログインしてください。"), 400
        if request.args.get("error"):
            session["notice"] = "ビジネスdアカウントとの連携が許可されなかったため、ログインできませんでした。"
            return redirect(back, 302)
        account = site.world.redeem(request.args.get("code", ""))
        if account is None:
            return _notice(site, back, "認証に失敗しました。もう一度ログインしてください。"), 400
        if site.refuse is not None:
            refused = site.refuse(entry, account)
            if refused is not None:
                return refused
        session["account"] = account
        session["entry"] = entry
        return redirect(url_for("home"), 302)

    @app.get("/home")
    def home() -> Response | str:
        """The signed-in landing page: the service's name and the account."""
        account = signed_in(site)
        if account is None:
            return redirect(_back(site, "main"), 302)
        entry = site.entries.get(session.get("entry", "main")) or next(iter(site.entries.values()))
        return render_template("services/_home.html", service=entry.title, account=account, host=site.host)

    @app.get("/logout")
    def logout() -> Response:
        entry = session.get("entry", "main")
        session.clear()
        return redirect(_back(site, entry), 302)


def _notice(site: ServiceSite, back: str, message: str) -> str:
    return render_template("services/_notice.html", message=message, back=back, host=site.host)


def take_notice() -> str | None:
    """A one-time notice for the login page (e.g. after 同意しない)."""
    notice = session.pop("notice", None)
    return notice if isinstance(notice, str) else None


def screen(template: str, **context: Any) -> str:
    """Render a service's login screen with the one-time notice (if any) shown above it."""
    return render_template(f"services/{template}", notice=take_notice(), **context)


def native_login_refused(template: str, message: str, **context: Any) -> tuple[str, int]:
    """The service's own ID/password form: the mock has no such accounts, so it always refuses."""
    return render_template(f"services/{template}", notice=message, **context), 401


BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="260" height="48" viewBox="0 0 260 48">
<rect width="260" height="48" rx="6" fill="#cc0033"/>
<text x="130" y="30" font-size="16" fill="#fff" text-anchor="middle" font-family="sans-serif">{text}</text>
</svg>"""


def add_badge(site: ServiceSite, path: str, text: str) -> None:
    """An image for an image button; its words are pixels only (the alt gives its name)."""
    svg = BADGE_SVG.format(text=text)

    def badge() -> Response:
        return Response(svg, mimetype="image/svg+xml")

    site.app.add_url_rule(path, f"badge_{path}", badge)
