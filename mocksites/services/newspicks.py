"""NewsPicks+d プレミアム会員, manual pp.12-13 (「次ページの②」).

① 「ログイン」 at the top right of https://newspicks.com/ → the login choices, among them
② 「ビジネスdアカウントでログイン」, next to the email / NewsPicks ID form.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, redirect
from werkzeug.wrappers import Response

from mocksites.services._sso import Client, add_entry, native_login_refused, new_site, screen

HOST = "newspicks.com"
SOCIAL = ["Google", "Apple", "Facebook", "Twitter", "LinkedIn"]


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("newspicks-plus-d", "NewsPicks+d プレミアム会員", "株式会社ニューズピックス"), "/login/")

    @site.app.get("/")
    def top() -> str:
        return screen("newspicks_top.html")

    @site.app.get("/login/")
    def login() -> str | Response:
        if site.active("new-intermediate-step"):
            return redirect("/login/select/", 302)
        return _choices(site)

    @site.app.get("/login/select/")
    def select() -> str:
        """The inserted step of new-intermediate-step: pick a member type first."""
        return screen("newspicks_select.html")

    @site.app.get("/login/form/")
    def choices_after_select() -> str:
        return _choices(site)

    @site.app.post("/login/")
    def native() -> tuple[str, int]:
        return native_login_refused("newspicks_login.html", "メールアドレス・NewsPicks ID またはパスワードが正しくありません。",
                                    social=SOCIAL, bizd_label=_bizd_label(site))

    return {HOST: site.app}


def _bizd_label(site: Any) -> str:
    return "dアカウントで続ける" if site.active("newspicks-sso-renamed") else "ビジネスdアカウントでログイン"


def _choices(site: Any) -> str:
    return screen("newspicks_login.html", social=SOCIAL, bizd_label=_bizd_label(site))
