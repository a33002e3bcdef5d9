"""One real HTTPS server for every documented host, dispatching on the Host header.

The browser keeps the documented URLs (``https://www.cloudsign.jp/docomo``) and reaches this server
through ``--host-resolver-rules``; redirects between hosts and per-host cookies are real HTTP.
The service pages come from ``mocksites.services.build_apps(world)`` (host -> WSGI app), the IdP and
the account site from ``idp``/``account_site``; ``localhost`` serves an index page.
"""
from __future__ import annotations

import io
import logging
import shutil
import socket
import ssl
import struct
import tempfile
import threading
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any, Self

import trustme
from flask import Flask, render_template

from mocksites import account_site, faults, idp
from mocksites.mail import MailSink
from mocksites.scenarios import registry
from mocksites.serving import BACKLOG, HEAD_TIMEOUT, WORKERS, PooledWSGIServer, RobustHandler
from mocksites.world import World

log = logging.getLogger("mocksites.server")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: Every host the manual documents (pp.4-5, the appendix), as the mock reads it.
HOSTS: tuple[str, ...] = (
    "jinji.jinjer.biz", "employee.jinjer.biz", "expenses.jinjer.biz", "kintai.jinjer.biz",
    "docomodx.aidma-hd.jp", "www.rview.com", "biz.jsaas.jp", "www.club-off.com", "newspicks.com",
    "docomo.hotprofile.jp", "www.lpcloud.jp", "www.cloudsign.jp", "www.dxhp.akibare-hp.com",
    "dxecatalog.wisebook.jp", "submit-dxmail.com", "push-dx.karaden.jp", "api.josys.it",
    "www.efaxcorporate.com", "bizd.follow.jp", "user.photolize.jp", idp.HOST,
)
#: The documented login URLs (pp.4-5) and the account site (appendix), for the index page.
DOCUMENTED_URLS: tuple[tuple[str, str], ...] = (
    ("dX勤怠・労務管理 (人事・給与・労務)", "https://jinji.jinjer.biz"),
    ("dX勤怠・労務管理 (雇用契約)", "https://employee.jinjer.biz/"),
    ("dX勤怠・労務管理 (経費)", "https://expenses.jinjer.biz/staffs/"),
    ("dX勤怠・労務管理 (勤怠 管理者)", "https://kintai.jinjer.biz/manager"),
    ("dX勤怠・労務管理 (勤怠 従業員)", "https://kintai.jinjer.biz/staffs"),
    ("dXオンライン営業", "https://docomodx.aidma-hd.jp/"),
    ("ビジネスdリモートデスクトップ", "https://www.rview.com/"),
    ("dX助成金申請", "https://biz.jsaas.jp/members/sign_in"),
    ("ビジネスd福利厚生", "https://www.club-off.com/dxfukuri/"),
    ("NewsPicks+d プレミアム会員", "https://newspicks.com/"),
    ("dX商談・名刺管理 / dX顧客開拓", "https://docomo.hotprofile.jp/auth/login/"),
    ("dX電子請求書", "https://www.lpcloud.jp/login_docomo/"),
    ("dX電子契約", "https://www.cloudsign.jp/docomo"),
    ("dXホームページ", "https://www.dxhp.akibare-hp.com/"),
    ("dX電子カタログ", "https://dxecatalog.wisebook.jp/login/"),
    ("dXメール配信", "https://submit-dxmail.com/owners/login/"),
    ("dXショートメッセージ(SMS)配信", "https://push-dx.karaden.jp/v2/"),
    ("IT資産管理 by ジョーシス", "https://api.josys.it/users/sign_in"),
    ("dXインターネットFAX", "https://www.efaxcorporate.com/myaccount/dxstore"),
    ("ビジネスd出勤簿 (PC用)", "https://bizd.follow.jp/cw/login_d"),
    ("ビジネスd出勤簿 (スマホ用)", "https://bizd.follow.jp/cw/sd_d"),
    ("ビジネスd電子申請", "https://user.photolize.jp/bd-login/"),
    ("ビジネスdアカウントサイト", "https://id-biz.smt.docomo.ne.jp/"),
)
INDEX_HOSTS = ("localhost", "127.0.0.1")
MAX_BODY = 1024 * 1024
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _page(status: str, title: str, text: str, start_response: Callable[..., Any], close: bool = False) -> list[bytes]:
    """A small error page; ``text`` may carry what the request sent, so it is escaped."""
    body = (f"<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
            f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>").encode()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    # A refused body may still be on its way: the connection ends with the answer.
    start_response(status, headers + ([("Connection", "close")] if close else []))
    return [body]


def _read_chunked(environ: dict[str, Any]) -> bytes | None:
    """A chunked body, read up to MAX_BODY (None when longer); werkzeug only checks Content-Length."""
    stream, parts, size = environ["wsgi.input"], list[bytes](), 0
    while size <= MAX_BODY:
        part = stream.read(MAX_BODY + 1 - size)
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
    return None


def host_of(environ: dict[str, Any]) -> str:
    """The Host header without port, lower-case ('' when absent)."""
    raw = str(environ.get("HTTP_HOST") or "").strip().lower()
    if raw.startswith("["):
        return raw.split("]", 1)[0] + "]"
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


def service_apps(world: World) -> dict[str, WSGIApp]:
    """The other half of the mock, if it is there: ``mocksites.services.build_apps(world)``."""
    try:
        from mocksites import services
    except ImportError as exc:
        log.warning("mocksites.services not available (%s); serving only the IdP and account site", exc)
        return {}
    build = getattr(services, "build_apps", None)
    return dict(build(world)) if build is not None else {}


class Dispatcher:
    """The server's WSGI app: faults first, then the app registered for the Host, else 404."""

    def __init__(self, world: World, index: WSGIApp | None = None) -> None:
        self.world = world
        self.apps: dict[str, WSGIApp] = {}
        for host, app in service_apps(world).items():
            if host == idp.HOST:
                log.warning("services built an app for %s; the core's IdP is used instead", host)
                continue
            self.apps[host.lower()] = app
        own = idp.build(world)
        account_site.add_routes(own, world)
        self.apps[idp.HOST] = own
        if index is not None:
            for host in INDEX_HOSTS:
                self.apps[host] = index

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        host = host_of(environ)
        try:
            answered = faults.apply(self.world.faults_for(host), environ, start_response)
            if answered is not None:
                return answered
            app = self.apps.get(host)
            if app is None:
                return _page("404 Not Found", "404 Not Found",
                             f"このモックは {host or '(Hostなし)'} を提供していません。", start_response)
            length = environ.get("CONTENT_LENGTH") or "0"
            if not length.isdigit():
                return _page("400 Bad Request", "400 Bad Request", "Content-Length が不正です。", start_response,
                             close=True)
            if environ.get("wsgi.input_terminated"):  # Transfer-Encoding: chunked
                try:
                    body = _read_chunked(environ)
                except OSError:  # werkzeug's reader on a broken chunk
                    return _page("400 Bad Request", "400 Bad Request", "チャンク形式が不正です。", start_response,
                                 close=True)
                if body is not None:
                    environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
                length = str(len(body)) if body is not None else str(MAX_BODY + 1)
            if int(length) > MAX_BODY:
                return _page("413 Request Entity Too Large", "413 Request Entity Too Large",
                             "送信データが大きすぎます。", start_response, close=True)
            return app(environ, start_response)
        except Exception:  # the server keeps serving whatever an app does
            log.exception("error serving %s%s", host, environ.get("PATH_INFO"))
            return _page("500 Internal Server Error", "500 Internal Server Error",
                         "サーバーでエラーが発生しました。", start_response)


class _Handler(RobustHandler):
    """The connection-reset fault, on top of the robust request handling."""

    def run_wsgi(self) -> None:
        world: World = self.server.world  # type: ignore[attr-defined]
        host = host_of({"HTTP_HOST": self.headers.get("Host", "")})
        if faults.wants_reset(world.faults_for(host)):
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            except OSError:
                pass
            return
        super().run_wsgi()


def index_app(server: MockServer) -> Flask:
    """https://localhost:PORT/ — what is served and how to point a browser at it."""
    app = Flask("mock:index", template_folder=str(TEMPLATES), static_folder=None)

    @app.get("/")
    def index() -> str:
        return render_template("server/index.html", server=server, urls=DOCUMENTED_URLS,
                               scenarios=list(registry().values()), active=server.world.active_names(),
                               hosts=sorted(server.dispatcher.apps) if server.dispatcher else [])

    @app.get("/stats")
    def stats() -> dict[str, int]:
        """What the identity provider was asked so far (sign-ins, code mails, lock answers), as JSON."""
        return server.world.stats()

    return app


class MockServer:
    """World + mail sink + the TLS server in a background thread. ``start()``/``stop()`` or ``with``."""

    def __init__(self, world: World | None = None, *, port: int = 0, bind: str = "127.0.0.1",
                 scenarios: Iterable[str] = (), smtp: tuple[str, int, str] | None = None,
                 maildir: str | Path | None = None, workdir: str | Path | None = None,
                 workers: int = WORKERS, backlog: int = BACKLOG, head_timeout: float = HEAD_TIMEOUT) -> None:
        self.world = world or World()
        self.world.set_scenarios(list(scenarios))  # unknown names fail before anything is opened
        self._own_workdir = workdir is None
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="mocksites-"))
        self.maildir = Path(maildir) if maildir else self.workdir / "Maildir"
        self.sink: MailSink | None = None
        if smtp is None:
            self.sink = MailSink(self.maildir)
            smtp = self.sink.target
        self.world.use_mail(smtp, self.maildir)
        self.bind = bind
        self._requested_port = port
        self._workers, self._backlog, self._head_timeout = workers, backlog, head_timeout
        self.dispatcher: Dispatcher | None = None
        self._server: PooledWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.ca = trustme.CA(organization_name="mocksites throwaway CA")
        self._client_context: ssl.SSLContext | None = None
        self.ca_pem = self.workdir / "mocksites-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_pem))

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the mock server is not started")
        return int(self._server.server_port)

    @property
    def resolver_rules(self) -> str:
        """Chromium's --host-resolver-rules value sending every host here (localhost excepted)."""
        return f"MAP * {self.bind}:{self.port}, EXCLUDE localhost"

    def url(self, host: str, path: str = "/") -> str:
        return f"https://{host}{path}"

    def ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca.issue_cert(*HOSTS, *INDEX_HOSTS).configure_cert(ctx)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    def client_context(self) -> ssl.SSLContext:
        """A client-side context trusting the throwaway CA (for tests speaking TLS directly)."""
        if self._client_context is None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no system store: only the mock is trusted
            self.ca.configure_trust(ctx)
            self._client_context = ctx
        return self._client_context

    def start(self) -> Self:
        if self._server is not None:
            return self
        if self.sink is not None:
            self.sink.start()
        self.dispatcher = Dispatcher(self.world, index_app(self))
        server = PooledWSGIServer(self.bind, self._requested_port, self.dispatcher, _Handler,
                                  workers=self._workers, backlog=self._backlog, head_timeout=self._head_timeout)
        ctx = self.ssl_context()
        server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        server.ssl_context = ctx
        server.world = self.world  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="mocksites-https", daemon=True)
        self._thread.start()
        log.info("mock sites on https://%s:%s/", self.bind, self.port)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.sink is not None:
            self.sink.stop()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
