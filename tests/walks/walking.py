"""Walking a documented path: the Walk (checks recorded for the matrix) and the Signer (credentials,
security codes, the live sign-in budget)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page

from loginsuite import secrets
from loginsuite.codes import CodeTimeout
from loginsuite.flows import Entry, Flows, Service, Step
from loginsuite.flows.model import Value
from loginsuite.i18n import _
from loginsuite.mismatch import CheckRecord, ManualMismatch, Where
from loginsuite.plugin import Settings
from loginsuite.report.plugin import record_procedure
from loginsuite.results import CHECKS, WALK_KEY, WalkRecord
from pages.base import ScreenObject, record_screen_facts
from pages.bizd import ConsentScreen, IdScreen, TwoStepScreen
from pages.landing import SignedInPage
from pages.service import ServiceLoginPage, service_login_page

# The ``titled`` fixture: a walk that is not one entry's documented path names itself for people in
# the manual's words (the report's row, the console line).
Titled = Callable[[str], None]


@dataclass(frozen=True)
class Case:
    service: Service
    entry: Entry | None  # None: the manual documents no login (reported as not applicable)

    @property
    def id(self) -> str:
        return self.entry.id if self.entry else self.service.id


class Walk:
    """One documented path in one browser page, checked step by step."""

    def __init__(
        self, request: pytest.FixtureRequest, page: Page, manual: Flows, suite: Settings, case: Case, signer: Any
    ) -> None:
        self.request = request
        self.page = page
        self.manual = manual
        self.settings = suite
        self.case = case
        self.signer = signer
        self.timeout = suite.check_timeout
        entry = case.entry
        self.record = WalkRecord(
            service_id=case.service.id,
            service=case.service.name,
            entry_id=entry.id if entry else None,
            entry_label=entry.label if entry else "",
            page=case.service.page,
        )
        request.node.stash[WALK_KEY] = self.record
        # Only the manual's documented path gives the numbered screenshots and the screens compared with
        # the approved ones; a negative path passes the same screens in another state under the same names.
        self.numbered_shots = True
        record_screen_facts(page, self.record.record_stale)
        self.login: ServiceLoginPage | None = (
            service_login_page(page, manual, case.service, entry, self.timeout) if entry else None
        )

    # -- recording ------------------------------------------------------------------------------
    @contextmanager
    def check(self, name: str) -> Iterator[None]:
        try:
            yield
        except pytest.skip.Exception as exc:
            self.record.record(CheckRecord(name, "skipped", str(exc.msg)))
            raise
        except BaseException as exc:
            self.record.record(CheckRecord(name, "failed", str(exc).splitlines()[0] if str(exc) else repr(exc)))
            raise
        else:
            self.record.checks.setdefault(name, CheckRecord(name, "passed"))

    def not_applicable(self, name: str, why: str) -> None:
        self.record.record(CheckRecord(name, "not_applicable", why))

    def shot(self, step: Step | None, screen: ScreenObject, caption: str) -> None:
        """A fresh screenshot of the step with its control outlined and numbered (report)."""
        if not self.numbered_shots:
            return
        hook = self.request.config.pluginmanager.hook
        hook.pytest_bizd_step_screenshot(item=self.request.node, page=self.page, step=step, screen=screen,
                                         caption=caption, record=self.record)

    # -- the path -------------------------------------------------------------------------------
    def open_documented_url(self) -> None:
        assert self.login
        with self.check("url"):
            moved_to = self.login.open()
            if moved_to:
                self.record.new_address = moved_to
                self.request.node.user_properties.append(("new_address", moved_to))
                self.record.checks["url"] = CheckRecord("url", "passed", _("redirects to {address}").format(address=moved_to))

    def expect_documented_screen(self) -> None:
        assert self.login
        with self.check("screen"):
            try:
                self.login.expect_entry_screen()
            except ManualMismatch as mismatch:
                if self.record.new_address:  # the URL moved and the documented screen is not there
                    mismatch.new_address = self.record.new_address
                    mismatch.args = (mismatch.message,)
                raise

    def press_entry_steps(self) -> None:
        assert self.login
        with self.check("entry"):
            self.login.press_bizd_login(self.signer.value, on_step=lambda step, screen: self.shot(
                step, screen, f"{self.case.service.name} {step.display}"))

    def press_bizd_login(self) -> IdScreen:
        """The service's steps, then the Business d Account ID screen as p.6 shows it."""
        self.press_entry_steps()
        id_screen = IdScreen(self.page, self.manual, self.case.service.name, self.timeout)
        with self.check("id"):
            id_screen.expect_shown()
        return id_screen

    def sign_in(self, id_screen: IdScreen, first_login: bool = True, keep_signed_in: bool = False) -> None:
        self.signer.sign_in_directly(self.page, self.manual, self.timeout, self.case.service.name,
                                     keep_signed_in=keep_signed_in, check=self.check, shot=self.shot)
        self.finish_sign_in(first_login)

    def finish_sign_in(self, first_login: bool) -> None:
        """After ⑤ (or an SSO session): consent on the first login, then the service's page."""
        assert self.login and self.case.entry
        consent = ConsentScreen(self.page, self.manual, self.case.service.name, self.timeout)
        documented = [s for s in self.login.steps_after_sign_in(first_login=True) if s.screen == "bizd.consent"]
        with self.check("consent"):
            self.page.wait_for_load_state("domcontentloaded")
            if not first_login:
                if consent.is_shown():
                    raise ManualMismatch(self.login.where("consent", documented[0] if documented else None),
                                         expected=_("no consent screen for a returning user"),
                                         problem=_("「{title}」 is shown again").format(title=consent.screen.title),
                                         url=self.page.url)
                self.not_applicable("consent", _("returning user: no consent expected"))
            elif documented:
                step = documented[0]  # the service's own slide documents it (「(初回のみ)…同意する」)
                consent.expect_shown(self.login.where("consent", step))
                self.shot(step, consent, f"{self.case.service.name} {step.display} 同意する")
                consent.agree(self.login.where("consent", step))
            elif consent.is_shown():
                consent.expect_shown()
                consent.agree()
            else:
                self.not_applicable("consent", _("not shown; the manual documents none for this service"))
        with self.check("signed_in"):
            SignedInPage(self.page, self.manual, self.login.where("signed_in"), self.timeout).expect_signed_in(
                self.case.entry)

    def skip_rest(self, reason: str, after: str) -> None:
        for name in CHECKS[CHECKS.index(after) + 1:]:
            self.record.checks.setdefault(name, CheckRecord(name, "skipped", reason))
        pytest.skip(reason)


class ProcedureShots:
    """The numbered screenshots of a documented procedure that is not one entry's walk (an appendix
    procedure, the invitation, a negative path): taken by the report plugin under the test's own file
    names, shown in the procedure's row of the matrix with its documented URL."""

    def __init__(self, request: pytest.FixtureRequest, page: Page, title: str, url: str | None = None) -> None:
        self.request = request
        self.page = page
        record_procedure(request.node, title, url)

    def __call__(self, step: Step | None, screen: ScreenObject, caption: str) -> None:
        hook = self.request.config.pluginmanager.hook
        hook.pytest_bizd_step_screenshot(item=self.request.node, page=self.page, step=step, screen=screen,
                                         caption=caption, record=None)


class Signer:
    """What a walk types and where its security code comes from, under the run's sign-in rules.

    Mock: the mock's demo account and its mail sink. Live: credentials from the environment/.env,
    the code from the configured mailbox (or the terminal), at most ``--max-signins`` two-step
    sign-ins per run; the other walks start from the signed-in browser state.
    """

    def __init__(self, values: dict[Value, str], codes: Any, code_timeout: float, why_not: str = "",
                 cookie_hosts: set[str] | None = None) -> None:
        self.values = dict(values)  # a test may sign in as another mock account: never the run's dict
        self.codes = codes
        self.code_timeout = code_timeout
        self.why_not = why_not
        self.cookie_hosts = cookie_hosts or set()  # the identity provider's: its cookies are the session
        self.shared_state: str | None = None  # a signed-in browser state this walk started from

    @property
    def can_sign_in(self) -> bool:
        return not self.why_not

    def has(self, steps: list[Step]) -> bool:
        return all(step.value in self.values for step in steps if step.value)

    def value(self, which: Value) -> str:
        try:
            return self.values[which]
        except KeyError:
            raise pytest.skip.Exception(f"no value configured for {which.value}") from None

    def mark(self) -> object:
        return self.codes.mark()

    def code(self, since: object, where: Where | None = None) -> str:
        try:
            code = self.codes.wait_for_code(since, timeout=self.code_timeout)
        except CodeTimeout as exc:
            # p.6 手順4: 「お客様にてご登録頂いたメールアドレスへセキュリティコードが自動送信」
            raise ManualMismatch(
                where or Where("ビジネスdアカウント", 6, "④", "two_step"),
                expected=_("a security code email after 次へ (p.6 手順4)"),
                problem=str(exc),
                screen="bizd.two_step",
                shared=True,
            ) from None
        secrets.register(code, "security_code")
        return code

    def sign_in_directly(
        self, page: Page, manual: Flows, timeout: float, service: str, keep_signed_in: bool = False,
        check: Callable[[str], ContextManager[None]] = lambda name: nullcontext(),
        shot: Callable[[Step, ScreenObject, str], None] | None = None,
    ) -> None:
        """p.6 steps ①–⑤ on the Business d Account screens: ID, 次へ, the emailed code, password, ログイン."""
        id_screen = IdScreen(page, manual, service, timeout)
        with check("id"):
            if keep_signed_in:
                id_screen.keep_signed_in()
            id_screen.enter_id(self.value(Value.account_id))
            if shot:
                shot(manual.bizd.steps[1], id_screen, "ビジネスdアカウント ①②")
            since = self.mark()
            id_screen.next()  # a lock answer raises AccountLocked here, before any code is awaited
        two_step = TwoStepScreen(page, manual, service, timeout)
        with check("two_step"):
            two_step.expect_shown()
            code = self.code(since, Where(service, manual.bizd.page, "④", "two_step"))
            two_step.enter_password(self.value(Value.password))
            two_step.enter_code(code)
            if shot:
                shot(manual.bizd.steps[4], two_step, "2段階認証 ③④⑤")
            two_step.sign_in()  # likewise for a lock answered to ログイン
        secrets.register_cookies(page.context.cookies(), self.cookie_hosts)

    def walk_to_service(self, walk: Walk, first_login: bool = True) -> None:
        """From the documented screen to the service's signed-in page, as the run's rules allow."""
        if self.shared_state:
            # Signed in once for the whole run: the identity provider's session skips ID and code.
            walk.press_entry_steps()
            for name in ("id", "two_step"):
                walk.record.record(CheckRecord(name, "skipped", _("signed in once for this run; its state reused")))
            walk.finish_sign_in(first_login)
            return
        id_screen = walk.press_bizd_login()
        if not self.can_sign_in:
            walk.skip_rest(self.why_not, after="id")
        walk.sign_in(id_screen, first_login=first_login)
