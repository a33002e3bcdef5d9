"""ビジネスd福利厚生 (Club Off), manual p.11: the service's top page with an image login button."""
from __future__ import annotations

from typing import Any

from flask import Flask, abort

from mocksites.services._sso import Client, add_badge, add_entry, new_site, screen, start_url

HOST = "www.club-off.com"
PATH = "/dxfukuri/"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("club-off-dxfukuri", "ビジネスd福利厚生", "株式会社リロクラブ"), PATH)
    add_badge(site, "/dxfukuri/img/btn_login_bizd.svg", "ビジネスdアカウント ログイン")

    @site.app.get(PATH)
    def top() -> str:
        if site.active("url-404"):
            abort(404)
        return screen("club_off.html", sso=start_url())

    @site.app.get("/dxfukuri/guest/")
    def guest() -> str:
        return screen("_plain.html", title="ビジネスd福利厚生", text="ゲストとして閲覧しています。優待のご利用にはログインが必要です。")

    return {HOST: site.app}
