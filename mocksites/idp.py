"""The Business d Account identity provider on id-biz.smt.docomo.ne.jp (manual p.6 and the consent
screen 「サービス連携の同意」), plus the appendix's documented errors.

Protocol (README.md): a service sends the browser to ``/auth/login?client_id&redirect_uri&state``;
after the ID screen, the 2段階認証 screen and (first time) consent, the browser comes back to
``redirect_uri?code=..&state=..`` (or ``?error=access_denied``) and the service calls ``world.redeem``.
"""
from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, make_response, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from mocksites.accounts import REQUIRED_FIELDS, Account
from mocksites.mail import CODE_SENDER, CODE_SUBJECT, code_mail_text
from mocksites.world import CODE_VALID, SSO_KEEP, AuthRequest, LoginTx, World

HOST = "id-biz.smt.docomo.ne.jp"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TX_COOKIE = "BIZD_TX"
SSO_COOKIE = "BIZD_SSO"
MAX_FORM_BYTES = 64 * 1024

# The manual's words (p.6, consent screen, appendix) — the mock's own copy.
ERROR_NO_PERMISSION = "ログインに失敗しました。お客様のビジネスdアカウントではログインできません。"
ERROR_NO_PERMISSION_DRIFTED = "ログインできませんでした。このビジネスdアカウントには利用権限がありません。"
ERROR_MISSING_FIELDS = "お客様のビジネスdアカウント情報に未登録の項目がございます。"
MSG = {
    "id_empty": "ビジネスdアカウントIDを入力してください。",
    "id_unknown": "入力されたビジネスdアカウントIDは登録されていません。ご確認の上、再度入力してください。",
    "no_contact": "連絡先メールアドレスが登録されていないため、セキュリティコードを送信できません。"
                  "ビジネスdアカウントサイトで連絡先メールアドレスをご登録ください。",
    "locked": "アカウントがロックされました。ログインの試行回数が上限を超えたため、このビジネスdアカウントは"
              "ご利用いただけません。",
    "password": "パスワードが正しくありません。",
    "wrong": "セキュリティコードが正しくありません。",
    "expired": "セキュリティコードの有効期限（10分）が切れています。セキュリティコードを再送してください。",
    "reused": "このセキュリティコードは使用済みです。新しいセキュリティコードを入力してください。",
    "voided": "このセキュリティコードは無効です。再送した最新のセキュリティコードを入力してください。",
    "resent": "セキュリティコードを再送しました。以前のセキュリティコードは無効になりました。",
    "expired_tx": "ログインの有効期限が切れました。もう一度最初からログインしてください。",
    "bad_request": "ログイン要求が正しくありません。ご利用のサービスのログイン画面からやり直してください。",
}
CODE_MESSAGES = {"wrong", "expired", "reused", "voided"}


def labels(world: World) -> dict[str, str | None]:
    """The controls' words, as the manual has them unless a drift scenario changes them."""
    on = world.active
    return {
        "next": "続ける" if on("idp-next-renamed") else "次へ",
        "keep": None if on("idp-keep-signed-in-removed") else "ログインしたままにする",
        "login": "認証する" if on("two-step-login-renamed") else "ログイン",
        "agree": "許可する" if on("consent-agree-renamed") else "同意する",
        "menu": "マイメニュー" if on("account-menu-renamed") else "ビジネスdアカウントメニュー",
    }


def mask(address: str) -> str:
    """example●●●@docomo.jp style, as the manual's screenshots show addresses."""
    local, _, domain = address.partition("@")
    return f"{local[:3]}●●●@{domain}" if domain else f"{address[:3]}●●●"


def sms_address(account: Account) -> str:
    """Stand-in for an SMS to 連絡先携帯電話番号: a mail the sink files like any other."""
    return re.sub(r"\D", "", account.phone) + "@sms.mock.invalid"


def build(world: World) -> Flask:
    """The Flask app for the IdP host (the account site's routes are added by account_site)."""
    app = Flask("mock:idp", template_folder=str(TEMPLATES), static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=MAX_FORM_BYTES, MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES, MAX_FORM_PARTS=50)

    @app.context_processor
    def _context() -> dict[str, Any]:
        return {"labels": labels(world), "active": world.active}

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[str, int]:
        return problem(exc.name, exc.description or "", exc.code or 400)

    def problem(title: str, message: str, status: int, back: str = "/") -> tuple[str, int]:
        return render_template("idp/problem.html", title=title, message=message, back=back), status

    def current_tx() -> LoginTx | None:
        return world.tx(request.cookies.get(TX_COOKIE))

    def with_tx(response: Response, tx: LoginTx) -> Response:
        response.set_cookie(TX_COOKIE, tx.id, secure=True, httponly=True, samesite="Lax")
        return response

    def id_screen(tx: LoginTx, error: str | None = None, entered: str = "", status: int = 200) -> Response:
        html = render_template("idp/id.html", error=error, entered=entered)
        return with_tx(make_response(html, status), tx)

    def parse_request() -> AuthRequest | None:
        client_id = request.args.get("client_id", "")
        redirect_uri = request.args.get("redirect_uri", "")
        client = world.client(client_id)
        if client is None or not world.redirect_allowed(client, redirect_uri):
            return None
        return AuthRequest(client_id, redirect_uri, request.args.get("state", ""))

    def back_to_service(req: AuthRequest, **params: str) -> Response:
        query = urlencode({**params, "state": req.state})
        sep = "&" if "?" in req.redirect_uri else "?"
        return redirect(f"{req.redirect_uri}{sep}{query}", 302)

    def finish(tx: LoginTx, account: Account) -> Response | tuple[str, int]:
        """After authentication: the appendix's errors, consent, or back to the service."""
        tx.account_id, tx.authenticated = account.id, True
        if tx.request is None:
            world.end_tx(tx.id)
            return redirect(tx.return_to, 303)
        client = world.client(tx.request.client_id)
        if not account.can_manage_users:
            world.end_tx(tx.id)
            text = ERROR_NO_PERMISSION_DRIFTED if world.active("error-message-changed") else ERROR_NO_PERMISSION
            return render_template("idp/error.html", number="①", message=text, required=None,
                                   client=client), 403
        if account.missing_fields:
            world.end_tx(tx.id)
            return render_template("idp/error.html", number="②", message=ERROR_MISSING_FIELDS,
                                   required=REQUIRED_FIELDS, client=client), 403
        if not world.active("consent-removed") and not world.consented(account.id, tx.request.client_id):
            return with_tx(redirect("/auth/consent", 303), tx)
        world.end_tx(tx.id)
        return back_to_service(tx.request, code=world.issue_auth_code(account.id, tx.request.client_id))

    def send_code(tx: LoginTx, account: Account) -> None:
        code = world.issue_code(account.id)
        tx.code = code
        if world.active("code-mail-missing"):
            return
        to = account.contact_emails or [sms_address(account)]
        world.send_mail(CODE_SENDER, to, CODE_SUBJECT,
                        code_mail_text(account.id, code.code, code.issued_at + CODE_VALID), code=code.code)

    @app.get("/auth/login")
    def login() -> Response | tuple[str, int]:
        if "client_id" in request.args or "redirect_uri" in request.args:
            req = parse_request()
            if req is None:
                return problem("不正なリクエスト", MSG["bad_request"], 400)
            account = world.sso_account(request.cookies.get(SSO_COOKIE))
            fresh = world.new_tx(req)
            if account is not None:
                return finish(fresh, account)
            return id_screen(fresh)
        tx = current_tx()
        if tx is None:
            return problem("不正なリクエスト", MSG["bad_request"], 400)
        tx.account_id, tx.code = None, None
        return id_screen(tx)

    @app.post("/auth/login")
    def login_next() -> Response | tuple[str, int]:
        tx = current_tx()
        if tx is None:
            return problem("有効期限切れ", MSG["expired_tx"], 400)
        entered = request.form.get("bizd_id", "").strip()[:256]
        account = world.account(entered) if entered else None
        if not entered:
            return id_screen(tx, MSG["id_empty"], entered, 400)
        if account is None:
            return id_screen(tx, MSG["id_unknown"], entered, 400)
        world.count("id_submitted")
        if account.locked or world.active("account-locked"):
            world.count("locked_answers")
            return id_screen(tx, MSG["locked"], entered, 403)
        if not account.contact_emails and tx.request is not None:
            return id_screen(tx, MSG["no_contact"], entered, 400)
        tx.account_id = account.id
        tx.keep = request.form.get("keep") in ("1", "on", "true") and labels(world)["keep"] is not None
        send_code(tx, account)
        return with_tx(redirect("/auth/two-step", 303), tx)

    def two_step_screen(tx: LoginTx, account: Account, error: str | None = None,
                        notice: str | None = None, status: int = 200) -> tuple[str, int]:
        to = account.contact_emails
        destination = "、".join(mask(a) for a in to) if to else f"携帯電話番号（SMS）{account.phone[:3]}-****-****"
        return render_template("idp/two_step.html", account_id=account.id, destination=destination,
                               error=error, notice=notice), status

    def tx_account() -> tuple[LoginTx, Account] | None:
        tx = current_tx()
        account = world.account(tx.account_id) if tx is not None and tx.account_id else None
        return (tx, account) if tx is not None and account is not None else None

    def refused_two_step() -> tuple[tuple[LoginTx, Account] | None, Response | tuple[str, int] | str | None]:
        """The two-step routes' common refusals: no sign-in under way, or a locked account."""
        found = tx_account()
        if found is None:
            return None, problem("有効期限切れ", MSG["expired_tx"], 400)
        if found[1].locked:
            return None, two_step_screen(*found, MSG["locked"], status=403)
        return found, None

    @app.get("/auth/two-step")
    def two_step() -> Response | tuple[str, int]:
        found = tx_account()
        if found is None:
            return problem("有効期限切れ", MSG["expired_tx"], 400)
        notice = MSG["resent"] if request.args.get("resent") else None
        return two_step_screen(*found, notice=notice)

    @app.post("/auth/two-step")
    def two_step_submit() -> Response | tuple[str, int]:
        found, refusal = refused_two_step()
        if found is None:
            return refusal  # type: ignore[return-value]
        tx, account = found
        world.count("two_step_submitted")
        if world.active("locked-at-two-step"):
            account.locked = True
            world.count("locked_answers")
            return two_step_screen(tx, account, MSG["locked"], status=403)
        password = request.form.get("password", "")
        entered = request.form.get("code", "").strip()[:32]
        if not secrets.compare_digest(password.encode(), account.password.encode()):
            outcome = "password"
        else:
            outcome = world.check_code(account.id, entered)
        if outcome != "ok":
            locked_now = world.record_failure(account)
            return two_step_screen(tx, account, MSG["locked"] if locked_now else MSG[outcome],
                                   status=403 if locked_now else 400)
        world.use_code(account.id, entered)
        account.failures = 0
        world.count("two_step_signins")
        sso = world.open_sso(account.id, tx.keep)
        response = make_response(finish(tx, account))
        if sso.persistent:
            response.set_cookie(SSO_COOKIE, sso.token, max_age=int(SSO_KEEP.total_seconds()),
                                secure=True, httponly=True, samesite="Lax")
        else:
            response.set_cookie(SSO_COOKIE, sso.token, secure=True, httponly=True, samesite="Lax")
        return response

    @app.get("/auth/resend")
    def resend() -> Response | tuple[str, int]:
        found, refusal = refused_two_step()
        if found is None:
            return refusal  # type: ignore[return-value]
        tx, account = found
        send_code(tx, account)
        return redirect("/auth/two-step?resent=1", 303)

    @app.get("/auth/consent")
    def consent() -> Response | tuple[str, int]:
        tx = current_tx()
        if tx is None or not tx.authenticated or tx.request is None:
            return problem("有効期限切れ", MSG["expired_tx"], 400)
        client = world.client(tx.request.client_id)
        return render_template("idp/consent.html", client=client, account_id=tx.account_id), 200

    @app.post("/auth/consent")
    def consent_submit() -> Response | tuple[str, int]:
        tx = current_tx()
        if tx is None or not tx.authenticated or tx.request is None or tx.account_id is None:
            return problem("有効期限切れ", MSG["expired_tx"], 400)
        decision = request.form.get("decision", "")
        if decision not in ("agree", "disagree"):
            return problem("不正なリクエスト", "「同意する」または「同意しない」を選択してください。", 400)
        world.end_tx(tx.id)
        if decision == "disagree":
            return back_to_service(tx.request, error="access_denied")
        world.consent(tx.account_id, tx.request.client_id)
        return back_to_service(tx.request, code=world.issue_auth_code(tx.account_id, tx.request.client_id))

    @app.get("/auth/help/<topic>")
    def help_page(topic: str) -> tuple[str, int]:
        pages = {
            "forgot-id": ("ビジネスdアカウントが分からない方",
                          ("ビジネスdアカウントIDは、アカウント発行時の通知メールに記載されています。"
                           "ご不明な場合は管理者にお問い合わせください。")),
            "notice": ("ログインについての注意事項",
                       "別のビジネスdアカウントのログイン情報がブラウザに残っている場合、正常にログインできないことがあります。"),
            "no-code": ("セキュリティコードが届かない方",
                        "迷惑メール設定をご確認の上、「セキュリティコードを再送する」からセキュリティコードを再送してください。"),
            "about": ("ビジネスdアカウントとは？",
                      "ビジネスdアカウントは、法人のお客さま向けの各種サービスを1つのIDでご利用いただけるアカウントです。"),
            "signup": ("ビジネスdアカウントの作成", "新規アカウントの作成は、モックでは提供していません。"),
        }
        if topic not in pages:
            return problem("Not Found", "ページが見つかりません。", 404)
        title, text = pages[topic]
        back = "/auth/two-step" if topic == "no-code" else "/auth/login"
        return render_template("idp/problem.html", title=title, message=text, back=back), 200

    return app
