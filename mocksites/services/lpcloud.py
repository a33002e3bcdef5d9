"""dX電子請求書 (E LinkPrint CLOUD), manual p.15: an image button for Business d Account customers."""
from __future__ import annotations

from typing import Any

from flask import Flask, redirect
from werkzeug.wrappers import Response

from mocksites.services._sso import Client, add_badge, add_entry, new_site, screen

HOST = "www.lpcloud.jp"
PATH = "/login_docomo/"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("lpcloud-docomo", "dX電子請求書", "株式会社ジェトロニクス"), PATH)
    add_badge(site, "/images/btn_bizd_login.svg", "ビジネス d アカウント ログイン")

    @site.app.get(PATH)
    def login() -> str | Response:
        if site.active("url-redirects-elsewhere"):
            return redirect("https://www.lpcloud.jp/service/", 302)
        return screen("lpcloud.html")

    @site.app.get("/service/")
    def generic() -> str:
        """Where url-redirects-elsewhere sends visitors: a product page without the documented login."""
        return screen("lpcloud_generic.html")

    @site.app.get("/login/")
    def other_customers() -> str:
        return screen("_plain.html", title="E LinkPrint CLOUD ログイン", text="ログインID・パスワードでログインしてください。")

    return {HOST: site.app}
