"""The shared Business d Account screens (p.6) and the consent screen 「サービス連携の同意」.

Wherever the identity provider answers (after 次へ, after ログイン, on the consent screen) a lock or
too-many-attempts message (flows/bizd-account.yaml ``lock_messages``) raises ``AccountLocked`` naming
the screen and the text: never a code timeout, never a mismatch that would propose a revision.
"""
from __future__ import annotations

import re

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from loginsuite.flows import Flows, Screen, Step
from loginsuite.flows.model import DocumentedError, Value
from loginsuite.mismatch import AccountLocked, StaleFact, Where
from pages.base import ScreenObject, tick_control


class _BizdScreen(ScreenObject):
    screen_id: str
    check: str

    def __init__(self, page: Page, flows: Flows, service: str, timeout: float = 5000) -> None:
        screen = flows.bizd.screens[self.screen_id]
        ref = f"bizd.{self.screen_id}"
        super().__init__(page, screen, Where(service, screen.page, check=self.check), timeout,
                         [s for s in flows.bizd.steps if s.screen == self.screen_id],
                         ref=ref, procedure=flows.procedure_facts(None, ref), shared=True)
        self.flows = flows
        phrases = flows.bizd.lock_messages.phrases
        self.lock_text = page.get_by_text(re.compile("|".join(map(re.escape, phrases)), re.IGNORECASE)).first

    def stop_if_locked(self) -> None:
        """Raise AccountLocked when the page shows a lock or too-many-attempts message."""
        if self.lock_text.is_visible():
            text = " ".join(self.lock_text.inner_text().split())
            raise AccountLocked(self.screen.title, text)

    def press_and_settle(self, next_screen: str) -> None:
        """Press the step's control and wait for the identity provider's answer (the next document),
        then stop on a lock message. An answer given in place (no navigation) is read all the same."""
        try:
            with self.page.expect_navigation(wait_until="domcontentloaded", timeout=self.timeout):
                self._press(next_screen)
        except PlaywrightTimeoutError:
            pass
        self.stop_if_locked()

    def _step(self, value: Value | None = None, next_screen: str | None = None) -> Step:
        for step in self.steps:
            if (value and step.value is value) or (next_screen and step.next == next_screen):
                return step
        raise LookupError(f"flows/bizd-account.yaml has no step for {value or next_screen} on {self.screen_id}")

    def _enter(self, value: Value, text: str, secret: bool) -> None:
        step = self._step(value=value)
        self.enter(step.control, text, secret=secret, where=self.at(step))

    def _press(self, next_screen: str) -> None:
        step = self._step(next_screen=next_screen)
        self.press(step.control, where=self.at(step))


class IdScreen(_BizdScreen):
    """ビジネスdアカウント ログイン: ① ID, ② 次へ."""

    screen_id = "id"
    check = "id"

    def enter_id(self, account_id: str) -> None:
        self._enter(Value.account_id, account_id, secret=False)

    def keep_signed_in(self) -> None:
        tick_control(self.control_by_purpose("keep_signed_in"))

    def next(self) -> None:
        """② 次へ, then the identity provider's answer: 2段階認証, or a lock (AccountLocked)."""
        self.press_and_settle("two_step")

    def still_shown(self) -> bool:
        """After 次へ: whether the ID screen is still there (an unknown ID, a lock)."""
        return self.locate(self.screen.purpose("next")).is_visible()


class TwoStepScreen(_BizdScreen):
    """2段階認証: ③ password, ④ security code (valid 10 minutes), ⑤ ログイン."""

    screen_id = "two_step"
    check = "two_step"

    def enter_password(self, password: str) -> None:
        self._enter(Value.password, password, secret=True)

    def enter_code(self, code: str) -> None:
        self._enter(Value.security_code, code, secret=True)

    def sign_in(self) -> None:
        """⑤ ログイン, then the answer: consent or the service, a refusal, or a lock (AccountLocked)."""
        self.press_and_settle("landing")

    def resend_code(self) -> None:
        self.control_by_purpose("resend_code").click()

    def still_shown(self) -> bool:
        """After ログイン: whether the screen is still there (a refused code or password, a lock)."""
        return self.locate(self.screen.purpose("sign_in")).is_visible()


class ConsentScreen(_BizdScreen):
    """サービス連携の同意: shown on the first sign-in to a service."""

    screen_id = "consent"
    check = "consent"

    def agree(self, where: Where | None = None) -> None:
        self.expect_control(self.screen.purpose("agree"), where).click()

    def disagree(self) -> None:
        self.control_by_purpose("disagree").click()

    def expect_shown(self, where: Where | None = None) -> list[StaleFact]:
        self.stop_if_locked()
        return super().expect_shown(where)

    def is_shown(self) -> bool:
        self.stop_if_locked()
        return self.locate(self.screen.purpose("agree")).is_visible()


class ErrorPage:
    """Where a documented error of the appendix (p.34) is shown after signing in."""

    def __init__(self, page: Page, service: str, timeout: float = 5000) -> None:
        self.page = page
        self.service = service
        self.timeout = timeout

    def expect_error(self, error: DocumentedError) -> None:
        where = Where(self.service, error.page, error.number, "signed_in")
        screen = ScreenObject(self.page, Screen(title=f"エラー{error.number}", page=error.page), where, self.timeout)
        screen.expect_text(error.message, where)
        for required in error.required_fields:
            screen.expect_text(required, where)
