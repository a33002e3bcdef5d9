"""dXインターネットFAX (eFax Corporate), manual p.26; the first-time consent ② is the IdP's.

The login control sits in the header's account menu, as on the real My Account pages.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, new_site, screen

HOST = "www.efaxcorporate.com"
PATH = "/myaccount/dxstore"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("efax-dxstore", "dXインターネットFAX", "エヌ・ティ・ティ・コミュニケーションズ株式会社"), PATH)

    @site.app.get(PATH)
    def login() -> str:
        return screen("efax.html")

    return {HOST: site.app}
