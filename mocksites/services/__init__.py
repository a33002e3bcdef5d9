"""The documented services' screens, one small Flask app per documented host.

Each module reads its screens off the manual (pp.7-29; NewsPicks takes pp.12-13: its ② is 「次ページ」) and registers its SSO client with the world
at build time. まるごとビジネスサポート has no login (telephone only), so nothing is served for it.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services import (
    aidma,
    akibare_hp,
    cloudsign,
    club_off,
    dxmail,
    efax,
    follow,
    hotprofile,
    jinjer,
    josys,
    jsaas,
    karaden,
    lpcloud,
    newspicks,
    photolize,
    rview,
    wisebook,
)
from mocksites.services.josys import send_josys_invitation

# manual table-of-contents order
MODULES = [jinjer, aidma, rview, jsaas, club_off, newspicks, hotprofile, lpcloud, cloudsign, akibare_hp,
           wisebook, dxmail, karaden, josys, efax, follow, photolize]

__all__ = ["MODULES", "build_apps", "send_josys_invitation"]


def build_apps(world: Any) -> dict[str, Flask]:
    """host -> WSGI app for every documented service host (registers the SSO clients)."""
    apps: dict[str, Flask] = {}
    for module in MODULES:
        for host, app in module.build(world).items():
            if host in apps:
                raise ValueError(f"{host} is served twice")
            apps[host] = app
    return apps
