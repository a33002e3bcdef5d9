"""dX助成金申請 (jSaaS), manual p.10; a members sign-in form with the Business d Account login."""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, native_login_refused, new_site, screen

HOST = "biz.jsaas.jp"
PATH = "/members/sign_in"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("jsaas-dx", "dX助成金申請", "jSaaS株式会社"), PATH)

    @site.app.get(PATH)
    def sign_in() -> str:
        return screen("jsaas.html")

    @site.app.post(PATH)
    def native() -> tuple[str, int]:
        return native_login_refused("jsaas.html", "メールアドレスまたはパスワードが違います。")

    return {HOST: site.app}
