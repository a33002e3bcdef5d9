"""dXホームページ (アキバレ), manual p.17: 「下記ボタンを押して、dアカウントと連携してください」.

With url-moved the documented URL 301s to a new path that still shows the documented screen.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, redirect
from werkzeug.wrappers import Response

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "www.dxhp.akibare-hp.com"
MOVED_TO = "/member/login/"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("dxhp-akibare", "dXホームページ", "株式会社アキバレ"), "/")

    @site.app.get("/")
    def login() -> str | Response:
        if site.active("url-moved"):
            return redirect(MOVED_TO, 301)
        return screen("akibare_hp.html")

    @site.app.get(MOVED_TO)
    def moved() -> str:
        return screen("akibare_hp.html")

    return {HOST: site.app}
