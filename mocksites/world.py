"""The mock's whole state in one object: accounts, SSO clients, sign-ins, codes, consents, scenarios.

Every app of the server (the IdP, the account site, the service pages) reads and changes this one
world, so a test can arrange a situation (an account without permission, a drift scenario, a moved
clock) and ``reset()`` it afterwards. All changes happen under ``lock``; the server is threaded.
"""
from __future__ import annotations

import copy
import logging
import secrets
import shutil
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from mocksites import mail
from mocksites.accounts import DEMO_ACCOUNT_ID, DEMO_COMPANY_CODE, Account, demo_accounts
from mocksites.clock import Clock
from mocksites.faults import Fault, parse_fault
from mocksites.scenarios import registry

log = logging.getLogger("mocksites.world")
T = TypeVar("T")

CODE_VALID = timedelta(minutes=10)        # p.6: 有効期限：10分
AUTH_CODE_VALID = timedelta(minutes=5)
SSO_KEEP = timedelta(days=30)             # ログインしたままにする
SSO_SESSION = timedelta(hours=12)
TX_LIFETIME = timedelta(hours=1)          # an abandoned sign-in is forgotten after this
MAX_FAILURES = 5

CodeCheck = Literal["ok", "wrong", "expired", "reused", "voided"]


@dataclass(frozen=True)
class Client:
    """A service registered at the IdP: what the consent screen names, where codes may be sent back."""

    client_id: str
    service_name: str
    provider: str
    redirect_host: str


@dataclass(frozen=True)
class AuthRequest:
    """A service's /auth/login request, kept until the sign-in ends."""

    client_id: str
    redirect_uri: str
    state: str


@dataclass
class SecurityCode:
    code: str
    account_id: str
    issued_at: datetime
    used: bool = False
    voided: bool = False


@dataclass
class LoginTx:
    """One sign-in in progress in one browser (the IdP's transaction cookie points here)."""

    id: str
    request: AuthRequest | None          # None: the account site's own sign-in
    return_to: str = "/menu"
    account_id: str | None = None
    keep: bool = False
    code: SecurityCode | None = None
    authenticated: bool = False          # passed the two-step screen (or reused an SSO session)
    started: datetime = field(default_factory=datetime.now)


@dataclass
class SsoSession:
    token: str
    account_id: str
    persistent: bool
    expires: datetime


@dataclass
class SentMail:
    """What the mock sent (for tests; the message itself is in the Maildir / the SMTP target)."""

    to: list[str]
    subject: str
    code: str | None
    ok: bool
    error: str = ""


class World:
    """The state of every mocked site; see README.md for the protocol the service apps use."""

    def __init__(self, maildir: str | Path | None = None,
                 mail_target: tuple[str, int, str] | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.maildir = Path(maildir) if maildir else None
        self._default_mail_target = mail_target
        self.clients: dict[str, Client] = {}
        self._reset_state()

    # -- reset --------------------------------------------------------------------------------------
    def _reset_state(self) -> None:
        self.mail_target: tuple[str, int, str] | None = self._default_mail_target
        self.mail_charset = "utf-8"
        self.mail_encoding = "base64"
        self.accounts: dict[str, Account] = {a.id: a for a in demo_accounts()}
        self.demo_account_id = DEMO_ACCOUNT_ID
        self.consents: set[tuple[str, str]] = set()
        self.codes: list[SecurityCode] = []
        self.txs: dict[str, LoginTx] = {}
        self.sso: dict[str, SsoSession] = {}
        self.auth_codes: dict[str, tuple[str, str, datetime]] = {}
        self.scenarios: set[str] = set()
        self.faults: list[Fault] = []
        self.sent: list[SentMail] = []
        # What the identity provider was asked (GET /stats on the index host): a test counts sign-ins
        # and attempts of a suite run against the stand-alone mock from outside.
        self.counters: Counter[str] = Counter()
        self.__dict__.pop("_service_state", None)

    def reset(self) -> None:
        """Back to a fresh world: scenarios, faults, sessions, codes, mail, accounts, clock (clients stay)."""
        with self.lock:
            self._reset_state()
            self.clock.reset()
            self.clear_maildir()

    def clear_maildir(self) -> None:
        """Empty the sink's Maildir (keeps the folder)."""
        if self.maildir is None:
            return
        for sub in ("new", "cur", "tmp"):
            folder = self.maildir / sub
            if folder.is_dir():
                for item in folder.iterdir():
                    if item.is_file():
                        item.unlink(missing_ok=True)
                    else:
                        shutil.rmtree(item, ignore_errors=True)

    # -- scenarios and faults -----------------------------------------------------------------------
    def set_scenarios(self, names: list[str] | tuple[str, ...]) -> None:
        """Switch exactly these on. Faults may carry a parameter and host: ``slow:800@www.rview.com``."""
        known = registry()
        drift: set[str] = set()
        faults: list[Fault] = []
        for spec in names:
            base = spec.split("@", 1)[0].split(":", 1)[0]
            scenario = known.get(base)
            if scenario is None:
                raise ValueError(f"unknown scenario {spec!r}; known: {', '.join(sorted(known))}")
            if scenario.kind == "fault":
                faults.append(parse_fault(spec))
            else:
                drift.add(base)
        with self.lock:
            self.scenarios = drift
            self.faults = faults

    def add_scenario(self, name: str) -> None:
        self.set_scenarios([*self.scenarios, *(f.spec for f in self.faults), name])

    def active(self, name: str) -> bool:
        """Whether the drift scenario (or fault kind) ``name`` is switched on."""
        with self.lock:
            return name in self.scenarios or any(f.kind == name for f in self.faults)

    def active_names(self) -> list[str]:
        with self.lock:
            return sorted(self.scenarios) + [f.spec for f in self.faults]

    def faults_for(self, host: str) -> list[Fault]:
        with self.lock:
            return [f for f in self.faults if f.applies_to(host)]

    # -- clients, accounts --------------------------------------------------------------------------
    def register_client(self, client_id: str, service_name: str, provider: str, redirect_host: str) -> None:
        """Called by each service app at build time; the consent screen shows name and provider."""
        with self.lock:
            self.clients[client_id] = Client(client_id, service_name, provider, redirect_host)

    def client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)

    def add_account(self, account_id: str, password: str | None = None, **fields: Any) -> Account:
        """Add (or replace) an account; ``fields`` are Account's (mobile_email, can_manage_users, ...)."""
        account = Account(account_id, **fields)
        if password:
            account.password = password
        with self.lock:
            self.accounts[account_id] = account
        return account

    def account(self, account_id: str) -> Account | None:
        with self.lock:
            return self.accounts.get(account_id.strip())

    def demo_account(self) -> Account:
        """The account the suite signs in with against the mock."""
        return copy.copy(self.accounts[self.demo_account_id])

    def demo_company_code(self) -> str:
        """ビジネスd出勤簿's 会社コード for the demo account."""
        return DEMO_COMPANY_CODE

    def service_state(self, key: str, factory: Callable[[], T]) -> T:
        """Per-service state that goes away with ``reset()``."""
        with self.lock:
            store = self.__dict__.setdefault("_service_state", {})
            if key not in store:
                store[key] = factory()
            return store[key]  # type: ignore[no-any-return]

    def count(self, name: str) -> None:
        with self.lock:
            self.counters[name] += 1

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {"codes_sent": sum(1 for m in self.sent if m.code), **self.counters}

    # -- failures and lock --------------------------------------------------------------------------
    def record_failure(self, account: Account) -> bool:
        """Count one failed attempt; returns True if this locked the account."""
        with self.lock:
            account.failures += 1
            if account.failures >= MAX_FAILURES and not account.locked:
                account.locked = True
                return True
            return False

    # -- security codes -----------------------------------------------------------------------------
    def issue_code(self, account_id: str) -> SecurityCode:
        """A fresh 6-digit code; earlier unused codes of the account are voided (再送)."""
        with self.lock:
            for old in self.codes:
                if old.account_id == account_id and not old.used:
                    old.voided = True
            code = SecurityCode(f"{secrets.randbelow(10**6):06d}", account_id, self.clock.now())
            self.codes.append(code)
            return code

    def check_code(self, account_id: str, entered: str) -> CodeCheck:
        """Classify an entered code against the account's codes (newest first)."""
        entered = entered.strip()
        with self.lock:
            for code in reversed(self.codes):
                if code.account_id != account_id or code.code != entered:
                    continue
                if code.used:
                    return "reused"
                if code.voided:
                    return "voided"
                if self.clock.now() > code.issued_at + CODE_VALID:
                    return "expired"
                return "ok"
            return "wrong"

    def use_code(self, account_id: str, entered: str) -> None:
        with self.lock:
            for code in self.codes:
                if code.account_id == account_id and code.code == entered.strip():
                    code.used = True

    # -- sign-in transactions and SSO ---------------------------------------------------------------
    def new_tx(self, request: AuthRequest | None, return_to: str = "/menu") -> LoginTx:
        with self.lock:
            now = self.clock.now()
            for stale in [t.id for t in self.txs.values() if now - t.started > TX_LIFETIME]:
                del self.txs[stale]
            tx = LoginTx(secrets.token_urlsafe(16), request, return_to, started=now)
            self.txs[tx.id] = tx
            return tx

    def tx(self, tx_id: str | None) -> LoginTx | None:
        with self.lock:
            return self.txs.get(tx_id or "")

    def end_tx(self, tx_id: str) -> None:
        with self.lock:
            self.txs.pop(tx_id, None)

    def open_sso(self, account_id: str, persistent: bool) -> SsoSession:
        with self.lock:
            expires = self.clock.now() + (SSO_KEEP if persistent else SSO_SESSION)
            session = SsoSession(secrets.token_urlsafe(24), account_id, persistent, expires)
            self.sso[session.token] = session
            return session

    def sso_account(self, token: str | None) -> Account | None:
        """The account of a live SSO session (not expired, account not locked)."""
        with self.lock:
            session = self.sso.get(token or "")
            if session is None:
                return None
            if self.clock.now() > session.expires:
                self.sso.pop(session.token, None)
                return None
            account = self.accounts.get(session.account_id)
            return account if account is not None and not account.locked else None

    def close_sso(self, token: str | None) -> None:
        with self.lock:
            self.sso.pop(token or "", None)

    # -- consent and auth codes ---------------------------------------------------------------------
    def consented(self, account_id: str, client_id: str) -> bool:
        with self.lock:
            return (account_id, client_id) in self.consents

    def consent(self, account_id: str, client_id: str, given: bool = True) -> None:
        with self.lock:
            if given:
                self.consents.add((account_id, client_id))
            else:
                self.consents.discard((account_id, client_id))

    def linked_clients(self, account_id: str) -> list[Client]:
        with self.lock:
            return [c for c in self.clients.values() if (account_id, c.client_id) in self.consents]

    def issue_auth_code(self, account_id: str, client_id: str) -> str:
        with self.lock:
            code = secrets.token_urlsafe(24)
            self.auth_codes[code] = (account_id, client_id, self.clock.now())
            return code

    def redeem(self, code: str) -> str | None:
        """The service callback's one-time exchange: account ID for a fresh auth code, else None."""
        with self.lock:
            found = self.auth_codes.pop(code or "", None)
            if found is None:
                return None
            account_id, _, issued = found
            return account_id if self.clock.now() <= issued + AUTH_CODE_VALID else None

    @staticmethod
    def redirect_allowed(client: Client, redirect_uri: str) -> bool:
        parts = urlsplit(redirect_uri)
        return parts.scheme == "https" and parts.hostname == client.redirect_host

    # -- mail ---------------------------------------------------------------------------------------
    def send_mail(self, sender: str, to: str | list[str], subject: str, text: str,
                  html: str | None = None, code: str | None = None) -> bool:
        """Compose and deliver one mail to the configured target; False (and logged) if it failed."""
        recipients = [to] if isinstance(to, str) else list(to)
        message = mail.compose(sender, recipients, subject, text, html, charset=self.mail_charset,
                               encoding=self.mail_encoding, date=self.clock.now())
        target = self.mail_target
        error = ""
        if target is None:
            error = "no mail target configured"
        else:
            try:
                mail.deliver(message, target)
            except (OSError, mail.DeliveryError) as exc:
                error = f"{type(exc).__name__}: {exc}"
        if error:
            log.warning("mail to %s not delivered: %s", recipients, error)
        with self.lock:
            self.sent.append(SentMail(recipients, subject, code, not error, error))
        return not error

    def use_mail(self, target: tuple[str, int, str] | None, maildir: str | Path | None = None) -> None:
        """Where mail goes from now on and after every reset (the server's sink, or Dovecot's LMTP)."""
        with self.lock:
            self._default_mail_target = target
            self.mail_target = target
            if maildir is not None:
                self.maildir = Path(maildir)
