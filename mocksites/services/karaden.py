"""dXショートメッセージ(SMS)配信 (KARADEN), manual p.20; the first-time consent ② is the IdP's."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "push-dx.karaden.jp"
PATH = "/v2/"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("karaden-push-dx", "dXショートメッセージ(SMS)配信", "株式会社カラデン"), PATH)

    @site.app.get(PATH)
    def login() -> str:
        return screen("karaden.html")

    return {HOST: site.app}
