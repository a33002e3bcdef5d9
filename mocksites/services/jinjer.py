"""dX勤怠・労務管理 (jinjer), manual p.7; URLs p.4.

The login URL differs by function and role: 人事/給与/労務 (admin) at jinji.jinjer.biz, 雇用契約
(user) at employee.jinjer.biz/, 経費 (user) at expenses.jinjer.biz/staffs/, 勤怠 at
kintai.jinjer.biz/manager (admin) and /staffs (user). All show the same jinjer login form.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from mocksites.services._sso import (
    Client,
    add_badge,
    add_entry,
    native_login_refused,
    new_site,
    screen,
    start_url,
)

SERVICE = "dX勤怠・労務管理"
PROVIDER = "jinjer株式会社"
REFUSED = "企業ID、社員番号もしくはメールアドレス、またはパスワードが正しくありません。"

# host -> [(entry key, path, product shown, role)]
PAGES: dict[str, list[tuple[str, str, str, str]]] = {
    "jinji.jinjer.biz": [("main", "/", "jinjer 人事・給与・労務", "管理者")],
    "employee.jinjer.biz": [("main", "/", "jinjer 雇用契約", "従業員")],
    "expenses.jinjer.biz": [("main", "/staffs/", "jinjer 経費", "従業員")],
    "kintai.jinjer.biz": [("main", "/manager", "jinjer 勤怠", "管理者"),
                          ("staffs", "/staffs", "jinjer 勤怠", "従業員")],
}


def build(world: Any) -> dict[str, Flask]:
    apps = {}
    for host, pages in PAGES.items():
        site = new_site(world, host)
        client = Client(f"jinjer-{host.split('.')[0]}", SERVICE, PROVIDER)
        add_badge(site, "/assets/bizd-account.svg", "ビジネスdアカウント")
        for entry, path, product, role in pages:
            add_entry(site, client, path, entry, title=f"{SERVICE} {product.removeprefix('jinjer ')}（{role}）")
            _login_page(site.app, entry, path, product, role)
        apps[host] = site.app
    return apps


def _login_page(app: Flask, entry: str, path: str, product: str, role: str) -> None:
    context = {"product": product, "role": role, "sso": start_url(entry), "action": path}

    def login() -> str:
        return screen("jinjer.html", **context)

    def native() -> tuple[str, int]:
        return native_login_refused("jinjer.html", REFUSED, **context)

    app.add_url_rule(path, f"login_{entry}", login, methods=["GET"])
    app.add_url_rule(path, f"native_{entry}", native, methods=["POST"])
