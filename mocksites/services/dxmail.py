"""dXメール配信, manual p.19: the owners' login with the Business d Account button."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "submit-dxmail.com"
PATH = "/owners/login/"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("submit-dxmail", "dXメール配信", "株式会社エクスゲート"), PATH)

    @site.app.get(PATH)
    def login() -> str:
        return screen("dxmail.html")

    @site.app.get("/owners/icon.svg")
    def icon() -> tuple[str, int, dict[str, str]]:
        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="9" fill="#cc0033"/></svg>'
        return svg, 200, {"Content-Type": "image/svg+xml"}

    return {HOST: site.app}
