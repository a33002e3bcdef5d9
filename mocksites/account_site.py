"""The Business d Account site (https://id-biz.smt.docomo.ne.jp/, manual appendix): the top page,
ビジネスdアカウントメニュー, sign-out, and 連絡先メールアドレスの確認 — on the IdP's host and app,
sharing its sign-in (ID screen + 2段階認証) and SSO cookie."""
from __future__ import annotations

import re

from flask import Flask, make_response, redirect, render_template, request
from werkzeug.wrappers import Response

from mocksites.accounts import Account
from mocksites.idp import SSO_COOKIE, TX_COOKIE
from mocksites.world import World

LOGOUT_MESSAGE = "ログアウトしました。ご利用ありがとうございました。またのご利用をお待ちしております。"
LOGOUT_DRIFTED = "ログアウトが完了しました。またのご利用をお待ちしております。"
EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")
MOBILE_DOMAINS = ("docomo.ne.jp", "docomo.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp")

#: The menu's sections and items, as the appendix's screenshot lists them (slug, label).
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("ID/パスワード管理", (("password", "パスワードの変更"), ("change-id", "IDの変更"))),
    ("セキュリティ", (("two-step", "2段階認証の設定"), ("passwordless", "パスワードレス設定"),
                     ("history", "アカウント利用履歴"), ("disable-device", "端末のアカウントを無効化"),
                     ("passkey", "パスキー端末設定"))),
    ("その他手続き", (("contact-email", "連絡先メールアドレスの確認・変更"),
                     ("linked-services", "連携サービスの確認・解除"),
                     ("contact-phone", "連絡先携帯電話番号の確認・変更"),
                     ("corporate", "法人会員情報の確認・変更"))),
)
ITEMS = {slug: label for _, items in SECTIONS for slug, label in items}


def add_routes(app: Flask, world: World) -> None:
    """Add the account site's pages to the IdP app (same host, same cookies)."""

    def signed_in() -> Account | None:
        return world.sso_account(request.cookies.get(SSO_COOKIE))

    def sign_in_first(return_to: str) -> Response:
        tx = world.new_tx(None, return_to)
        response = redirect("/auth/login", 302)
        response.set_cookie(TX_COOKIE, tx.id, secure=True, httponly=True, samesite="Lax")
        return response

    @app.get("/")
    def top() -> str:
        return render_template("account/top.html", account=signed_in())

    @app.get("/menu")
    def menu() -> Response | str:
        account = signed_in()
        if account is None:
            return sign_in_first("/menu")
        return render_template("account/menu.html", account=account, sections=SECTIONS)

    @app.get("/menu/switch")
    def switch() -> Response:
        """別IDでログイン: end this session, sign in again."""
        world.close_sso(request.cookies.get(SSO_COOKIE))
        response = sign_in_first("/menu")
        response.delete_cookie(SSO_COOKIE, secure=True, httponly=True, samesite="Lax")
        return response

    @app.get("/logout")
    def logout() -> Response:
        world.close_sso(request.cookies.get(SSO_COOKIE))
        message = LOGOUT_DRIFTED if world.active("logout-message-changed") else LOGOUT_MESSAGE
        response = make_response(render_template("account/logout.html", message=message))
        response.delete_cookie(SSO_COOKIE, secure=True, httponly=True, samesite="Lax")
        return response

    @app.route("/menu/contact-email", methods=["GET", "POST"])
    def contact_email() -> Response | tuple[str, int]:
        account = signed_in()
        if account is None:
            return sign_in_first("/menu/contact-email")
        error = notice = None
        status = 200
        if request.method == "POST":
            new = request.form.get("new_email", "").strip()[:254]
            if not EMAIL.match(new):
                error, status = "メールアドレスの形式が正しくありません。", 400
            else:
                with world.lock:
                    if new.rsplit("@", 1)[1].lower() in MOBILE_DOMAINS:
                        account.mobile_email = new
                    else:
                        account.business_email = new
                notice = "連絡先メールアドレスを登録しました。"
        return render_template("account/contact_email.html", account=account, error=error,
                               notice=notice), status

    @app.route("/menu/linked-services", methods=["GET", "POST"])
    def linked_services() -> Response | tuple[str, int]:
        account = signed_in()
        if account is None:
            return sign_in_first("/menu/linked-services")
        notice = None
        if request.method == "POST":
            client_id = request.form.get("client_id", "")
            if world.consented(account.id, client_id):
                world.consent(account.id, client_id, given=False)
                notice = "連携を解除しました。"
        return render_template("account/linked.html", account=account, notice=notice,
                               clients=world.linked_clients(account.id)), 200

    @app.get("/menu/<slug>")
    def procedure(slug: str) -> Response | tuple[str, int]:
        account = signed_in()
        if slug not in ITEMS:
            return render_template("idp/problem.html", title="Not Found", message="ページが見つかりません。",
                                   back="/menu"), 404
        if account is None:
            return sign_in_first(f"/menu/{slug}")
        return render_template("account/procedure.html", account=account, title=ITEMS[slug]), 200

    @app.get("/info/<topic>")
    def info(topic: str) -> tuple[str, int]:
        pages = {"terms": "ご利用上の注意/ご利用規約", "howto": "新規アカウントの作成方法", "faq": "よくあるご質問",
                 "guide": "ご利用ガイド", "admin": "dアカウント管理者サイト", "create": "ビジネスdアカウントを作成",
                 "migrate": "dアカウントからの移行手続き", "consider": "ビジネスdアカウントの選択を検討している企業様"}
        if topic not in pages:
            return render_template("idp/problem.html", title="Not Found", message="ページが見つかりません。",
                                   back="/"), 404
        return render_template("account/procedure.html", account=None, title=pages[topic]), 200
