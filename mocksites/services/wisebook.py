"""dX電子カタログ (WisebookONE), manual p.18."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "dxecatalog.wisebook.jp"
PATH = "/login/"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("wisebook-dxecatalog", "dX電子カタログ", "株式会社ビーガル"), PATH)

    @site.app.get(PATH)
    def login() -> str:
        return screen("wisebook.html")

    for path, title in (("/environment/", "動作環境について"), ("/terms/", "利用規約"), ("/privacy/", "個人情報保護")):
        site.app.add_url_rule(path, f"info{path}", lambda title=title: screen("_plain.html", title=title, text=title))

    return {HOST: site.app}
