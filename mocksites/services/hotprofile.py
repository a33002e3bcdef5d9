"""HotProfile, manual p.14 (dX商談・名刺管理) and p.21 (dX顧客開拓): one login page for both.

My reading: the two services are two contracts on one HotProfile tenant, so one SSO client whose
name carries both services.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import Client, add_entry, native_login_refused, new_site, screen

HOST = "docomo.hotprofile.jp"
PATH = "/auth/login/"
SERVICE = "dX商談・名刺管理／dX顧客開拓（HotProfile）"


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("hotprofile-docomo", SERVICE, "株式会社ハンモック"), PATH)

    @site.app.get(PATH)
    def login() -> str:
        return screen("hotprofile.html", customer_id=not site.active("field-removed"),
                      keep_switch=site.active("keep-checkbox-as-switch"))

    @site.app.post(PATH)
    def native() -> tuple[str, int]:
        return native_login_refused("hotprofile.html", "ログインに失敗しました。入力内容をご確認ください。",
                                    customer_id=not site.active("field-removed"))

    return {HOST: site.app}
