"""dXオンライン営業 (aidma), manual p.8: ビジネスdアカウント ログイン and 利用規約."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen, start_url

HOST = "docomodx.aidma-hd.jp"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("aidma-dx", "dXオンライン営業", "株式会社アイドマ・ホールディングス"), "/")

    @site.app.get("/")
    def login() -> str:
        return screen("aidma.html", sso=start_url(), as_link=site.active("entry-button-as-link"))

    @site.app.get("/terms")
    def terms() -> str:
        return screen("_plain.html", title="利用規約", text="dXオンライン営業 利用規約")

    return {HOST: site.app}
