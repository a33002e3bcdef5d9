"""dX電子契約 (クラウドサイン), manual p.16: a link styled as the login button, plus the terms."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "www.cloudsign.jp"
PATH = "/docomo"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("cloudsign-docomo", "dX電子契約", "弁護士ドットコム株式会社"), PATH)

    @site.app.get(PATH)
    def login() -> str:
        renamed = site.active("entry-button-renamed") or site.active("operator-note-removed-and-entry-renamed")
        label = "dアカウントでログイン" if renamed else "ビジネスdアカウント ログイン"
        note_removed = site.active("operator-note-removed") or site.active("operator-note-removed-and-entry-renamed")
        return screen("cloudsign.html", label=label, banner=site.active("look-new-banner"),
                      layout=site.active("look-new-layout"), recoloured=site.active("look-recoloured"),
                      operator_note=not note_removed, terms_as_text=site.active("terms-shown-as-text"))

    @site.app.get("/docomo/terms")
    def terms() -> str:
        return screen("_plain.html", title="dX電子契約 利用規約", text="本規約は、dX電子契約の利用条件を定めるものです。")

    return {HOST: site.app}
