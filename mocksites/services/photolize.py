"""ビジネスd電子申請 (photolize), manual p.29: the documented sentence and ① the login button."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_badge, add_entry, new_site, screen

HOST = "user.photolize.jp"
PATH = "/bd-login/"
SENTENCE = ("ビジネスd電子申請をご契約されているお客さまは", "以下のログインボタンよりログインしてください")
REWORDED = ("ビジネスd電子申請のご契約者さまは、", "下のボタンからサインインしてください")


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("photolize-bd", "ビジネスd電子申請", "株式会社フォトライズ"), PATH)
    add_badge(site, "/bd-login/logo_bizd.svg", "ビジネスdアカウント")

    @site.app.get(PATH)
    def login() -> str:
        sentence = REWORDED if site.active("screen-text-changed") else SENTENCE
        return screen("photolize.html", sentence=sentence)

    for path, title in (("/bd-login/terms/", "利用規約"), ("/bd-login/manual/", "操作マニュアル")):
        site.app.add_url_rule(path, f"info{path}", lambda title=title: screen("_plain.html", title=title, text=title))

    return {HOST: site.app}
