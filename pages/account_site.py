"""The Business d Account site (appendix): menu, sign-out, contact email."""
from __future__ import annotations

from playwright.sync_api import Page

from loginsuite.flows import Flows
from loginsuite.flows.model import Procedure
from loginsuite.mismatch import Where
from pages.base import ScreenObject

SERVICE = "ビジネスdアカウントサイト"


class AccountSite:
    def __init__(self, page: Page, flows: Flows, procedure: Procedure, timeout: float = 5000) -> None:
        self.page = page
        self.flows = flows
        self.procedure = procedure
        self.timeout = timeout

    def screen(self, ref: str, step: str | None = None) -> ScreenObject:
        screen = self.flows.screen(self.procedure, ref)
        steps = [s for s in self.procedure.steps if s.screen == ref]
        return ScreenObject(self.page, screen, Where(SERVICE, screen.page, step, ref), self.timeout, steps,
                            ref=ref if "." in ref else f"appendix.{self.procedure.id}.{ref}",
                            procedure=self.flows.procedure_facts(self.procedure, ref), shared=True)

    def _step(self, number: str) -> tuple[ScreenObject, str, Where]:
        step = next(s for s in self.procedure.steps if s.number == number)
        screen = self.screen(step.screen)
        return screen, step.control, Where(SERVICE, self.procedure.page, step.display, step.screen)

    def open(self) -> None:
        """① ビジネスdアカウントサイトへアクセス."""
        assert self.procedure.url
        self.page.goto(self.procedure.url, wait_until="domcontentloaded")

    def press_step(self, number: str) -> None:
        screen, label, where = self._step(number)
        screen.press(label, where)

    def open_menu(self) -> None:
        """② 画面右上の「ビジネスdアカウントメニュー」."""
        self.press_step("②")

    def expect_screen(self, ref: str, step: str | None = None) -> ScreenObject:
        """The procedure's screen as the slide shows it; ``step`` names the manual's step that shows it."""
        screen = self.screen(ref, step)
        screen.expect_shown()
        return screen
