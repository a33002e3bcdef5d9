"""ビジネスdリモートデスクトップ (RemoteView), manual p.9.

① 「Log in with SSO」 at the top right of https://www.rview.com/ → an SSO page with
② 「ビジネスdアカウントでログイン」 → the IdP (③ 同意する, first time, is the IdP's).
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "www.rview.com"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("rview-bizd", "ビジネスdリモートデスクトップ", "RSUPPORT株式会社"), "/ja/sso")

    @site.app.get("/")
    def top() -> str:
        return screen("rview_top.html", sso_link=not site.active("rview-sso-removed"))

    @site.app.get("/ja/sso")
    def sso_page() -> str:
        return screen("rview_sso.html")

    return {HOST: site.app}
