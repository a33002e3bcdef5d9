"""ビジネスd出勤簿 (follow), manual pp.27-28: PC /cw/login_d and smartphone /cw/sd_d.

「会社コード入力後、①を押下してください。」 — pressing ① with no 会社コード shows an error and
stays; with one, the code is kept and the Business d Account sign-in starts. The code is checked
against the world's company code once the account is known (after the IdP), as an error page.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, redirect, request, session
from werkzeug.wrappers import Response

from mocksites.services._sso import Client, ServiceSite, add_entry, new_site, screen, start_url

HOST = "bizd.follow.jp"
PAGES = {"main": ("/cw/login_d", "follow_pc.html"), "sd": ("/cw/sd_d", "follow_sp.html")}
EMPTY = "会社コードを入力してください。"
WRONG = "会社コードが正しくありません。会社コードをご確認のうえ、再度ログインしてください。"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    client = Client("follow-bizd", "ビジネスd出勤簿", "株式会社フォロウ")
    for entry, (path, template) in PAGES.items():
        add_entry(site, client, path, entry)
        _entry_page(site, entry, path, template)
    site.refuse = lambda entry, account: _check_code(site, entry, account)
    return {HOST: site.app}


def _label(site: ServiceSite) -> str:
    return "企業コード" if site.active("shukkinbo-company-code-renamed") else "会社コード"


def _entry_page(site: ServiceSite, entry: str, path: str, template: str) -> None:
    def show() -> str:
        remembered = request.cookies.get("cw_company", "")
        return screen(template, label=_label(site), code=remembered, remember=bool(remembered))

    def press() -> Response | tuple[str, int]:
        code = request.form.get("company_code", "").strip()
        if not code:
            return screen(template, label=_label(site), code="", remember=False, error=EMPTY), 400
        session["company_code"] = code
        response = redirect(start_url(entry), 302)
        if request.form.get("remember"):
            response.set_cookie("cw_company", code, max_age=365 * 86400, secure=True, samesite="Lax")
        else:
            response.delete_cookie("cw_company")
        return response

    site.app.add_url_rule(path, f"show_{entry}", show, methods=["GET"])
    site.app.add_url_rule(path, f"press_{entry}", press, methods=["POST"])


def _check_code(site: ServiceSite, entry: str, account: str) -> tuple[str, int] | None:
    """After the IdP: the 会社コード entered before ① must be the account's company's."""
    code = session.pop("company_code", "")
    if code != site.world.demo_company_code():  # the mock's accounts all belong to one company
        template = PAGES[entry][1]
        return screen(template, label=_label(site), code=code, remember=False, error=WRONG), 403
    return None
