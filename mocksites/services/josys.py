"""IT資産管理 by ジョーシス (まるごとビジネスサポート オプション), manual pp.22-25.

「※初回ログイン（サインアップ）は、必ず開通通知メールから実施してください。ログイン画面
(https://api.josys.it/users/sign_in) ではログインできません。」 So: two opening emails (① サービス
利用準備完了のお知らせ, ② 【Josys】アカウントアクティベーション招待 from noreply@josys.it with
「招待を承諾する」, valid until a stated time), then 「パスワードを入力」 (8文字以上の英数字), then
signed in. The sign-in URL refuses an account not yet activated; later logins there work (p.25).
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, redirect, request, session
from werkzeug.wrappers import Response

from mocksites.services._sso import Client, ServiceSite, add_entry, new_site, screen

HOST = "api.josys.it"
PATH = "/users/sign_in"
SENDER = "Josys <noreply@josys.it>"
SUPPORT_SENDER = "まるごとビジネスサポート <marugoto-support@docomo-business.example>"
SUBJECT_READY = "【まるごとビジネスサポート・IT資産管理byジョーシス】サービス利用準備完了のお知らせ"
SUBJECT_INVITE = "【Josys】アカウントアクティベーション招待"
ACCEPT = "招待を承諾する"
ACCEPT_RENAMED = "アカウントを有効化する"
PASSWORD_HINT = "8文字以上の英数字で入力してください。"
PASSWORD_RULE = re.compile(r"[A-Za-z0-9]{8,}")
# josys-password-rule-changed: the site asks for more than the manual says
CHANGED_HINT = "12文字以上で、英大文字・英小文字・数字をそれぞれ含めてください。"
CHANGED_RULE = re.compile(r"(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]{12,}")
VALID_FOR = timedelta(days=7)
NOT_ACTIVATED = ("このアカウントはまだ有効化されていません。初回ログイン（サインアップ）は、"
                 "開通通知メール（【Josys】アカウントアクティベーション招待）の「招待を承諾する」から実施してください。")
EXPIRED = "この招待リンクは有効期限が切れています。管理者に再招待を依頼してください。"


@dataclass
class Invitation:
    account: str
    expires: datetime
    accepted: bool = False


@dataclass
class JosysState:
    """Per world: open invitations and accounts that signed up through one."""

    invitations: dict[str, Invitation] = field(default_factory=dict)
    activated: set[str] = field(default_factory=set)


def state(world: Any) -> JosysState:
    return world.service_state("josys", JosysState)


def is_activated(world: Any, account_id: str) -> bool:
    return account_id in state(world).activated


def send_josys_invitation(world: Any, account_id: str, valid_for: timedelta = VALID_FOR) -> str:
    """Send the two opening emails (①, ②) for ``account_id``; returns the invitation's accept URL.

    The link expires ``valid_for`` after now on the world's clock; the mail states the expiry.
    """
    token = secrets.token_urlsafe(16)
    expires = world.clock.now() + valid_for
    state(world).invitations[token] = Invitation(account_id, expires)
    url = f"https://{HOST}/invitations/accept?token={token}"
    account = world.account(account_id)
    if account is None:
        raise KeyError(f"no account {account_id!r}")
    to = account.email
    world.send_mail(SUPPORT_SENDER, to, SUBJECT_READY, _ready_text(), None)
    link_label = ACCEPT_RENAMED if world.active("josys-invite-link-renamed") else ACCEPT
    world.send_mail(SENDER, to, SUBJECT_INVITE, _invite_text(url, expires, link_label),
                     _invite_html(url, expires, link_label))
    return url


def _until(expires: datetime) -> str:
    hour = expires.hour % 12 or 12
    return f"{expires.year}年{expires.month}月{expires.day}日{hour:02d}:{expires.minute:02d} {'PM' if expires.hour >= 12 else 'AM'}"


def _ready_text() -> str:
    return ("まるごとビジネスサポート・IT資産管理byジョーシスをご利用いただきまして、誠にありがとうございます。\n"
            "お申込みいただきましたサービスのご利用準備が整いましたのでご連絡申し上げます。\n\n"
            "【IT資産管理byジョーシス】\n"
            "別途、ジョーシス株式会社から送付の以下のアカウント招待メールから「招待を承諾する」を押下してログイン願います。\n"
            f"・件名:{SUBJECT_INVITE}\n・送信元メールアドレス:noreply@josys.it\n\n"
            "【まるごとビジネスサポート】\n■まるごとビジネスサポートご契約者様専用フリーダイヤル\n0120-160-510\n"
            "■電話受付時間\n9:00～20:00(年中無休)\n")


def _invite_text(url: str, expires: datetime, label: str) -> str:
    return ("Josys の使用を開始するよう招待されました。\n\n以下のリンクをクリックして招待を承諾してください。\n\n"
            f"{label}: {url}\n\nリンクは{_until(expires)}まで有効です。\n\n"
            "Josysにサインインすることにより、利用規約に自動的に同意したことになります。\n"
            "このメールには返信しないでください。\n")


def _invite_html(url: str, expires: datetime, label: str) -> str:
    return ("<html><body><p>Josys の使用を開始するよう招待されました。</p>"
            "<p>以下のリンクをクリックして招待を承諾してください。</p>"
            f'<p><a href="{url}" style="background:#2f54eb;color:#fff;padding:10px 18px">{label}</a></p>'
            f"<p>リンクは{_until(expires)}まで有効です。</p>"
            "<p>または、Googleアカウントからサインインすることもできます。</p>"
            '<p><a href="https://api.josys.it/users/auth/google">グーグルでログインする</a></p>'
            "<p>Josysにサインインすることにより、利用規約に自動的に同意したことになります。</p>"
            "<p>このメールには返信しないでください。</p></body></html>")


def build(world: Any) -> dict[str, Flask]:
    site = new_site(world, HOST)
    add_entry(site, Client("josys-marugoto", "IT資産管理 by ジョーシス", "ジョーシス株式会社"), PATH)
    site.refuse = lambda entry, account: (
        None if is_activated(world, account) else (screen("josys_error.html", message=NOT_ACTIVATED), 403))
    _routes(site)
    return {HOST: site.app}


def _routes(site: ServiceSite) -> None:
    app, world = site.app, site.world

    @app.get(PATH)
    def sign_in() -> str:
        return screen("josys_sign_in.html")

    def pending(token: str) -> Invitation | tuple[str, int]:
        invitation = state(world).invitations.get(token)
        if invitation is None:
            return screen("josys_error.html", message="この招待リンクは無効です。"), 404
        if invitation.accepted:
            return screen("josys_error.html", message="この招待はすでに承諾されています。ログイン画面からログインしてください。"), 410
        if world.clock.now() > invitation.expires:
            return screen("josys_error.html", message=EXPIRED), 410
        return invitation

    def rule() -> tuple[str, re.Pattern[str]]:
        if site.active("josys-password-rule-changed"):
            return CHANGED_HINT, CHANGED_RULE
        return PASSWORD_HINT, PASSWORD_RULE

    @app.get("/invitations/accept")
    def accept() -> str | tuple[str, int]:
        token = request.args.get("token", "")
        found = pending(token)
        if not isinstance(found, Invitation):
            return found
        return screen("josys_password.html", token=token, hint=rule()[0])

    @app.post("/invitations/accept")
    def set_password() -> Response | tuple[str, int]:
        token = request.form.get("token", "")
        found = pending(token)
        if not isinstance(found, Invitation):
            return found
        hint, pattern = rule()
        if not pattern.fullmatch(request.form.get("password", "")):
            return screen("josys_password.html", token=token, hint=hint, error=hint), 400
        found.accepted = True
        state(world).activated.add(found.account)
        session["account"] = found.account
        session["entry"] = "main"
        return redirect("/home", 302)
