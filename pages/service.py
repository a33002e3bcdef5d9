"""A service's documented path from its URL to the Business d Account ID screen.

One data-driven class serves every service: the screens and steps come from the service's flows
record (RemoteView's two presses, NewsPicks' ログイン page, 出勤簿's 会社コード all are data).
A subclass exists only where the manual documents a different procedure (Josys' invitation).
"""
from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Response

from loginsuite.flows import Entry, Flows, Service, Step
from loginsuite.flows.model import Action, Value
from loginsuite.i18n import _
from loginsuite.mismatch import ManualMismatch, SiteUnreachable, Where
from pages.base import ScreenObject, shown_labels

ValueSource = Callable[[Value], str]


def same_address(documented: str, actual: str) -> bool:
    return documented.rstrip("/") == actual.split("#", 1)[0].rstrip("/")


class ServiceLoginPage:
    def __init__(self, page: Page, flows: Flows, service: Service, entry: Entry, timeout: float = 5000) -> None:
        self.page = page
        self.flows = flows
        self.service = service
        self.entry = entry
        self.timeout = timeout
        self.response: Response | None = None

    def where(self, check: str, step: Step | None = None, page: int | None = None) -> Where:
        return Where(self.service.name, page or self.service.page, step.display if step else None, check)

    def screen(self, ref: str, check: str = "screen", step: str | None = None) -> ScreenObject:
        screen = self.flows.screen(self.service, ref)
        steps = [s for s in self.service.steps if s.screen == ref]
        return ScreenObject(self.page, screen, Where(self.service.name, screen.page, step, check), self.timeout, steps,
                            ref=ref if "." in ref else f"{self.service.id}.{ref}",
                            procedure=self.flows.procedure_facts(self.service, ref), shared="." in ref)

    # -- the documented URL ---------------------------------------------------------------------
    def open(self) -> str | None:
        """Open the documented URL; return the new address when it now redirects elsewhere."""
        where = self.where("url", page=self.entry.page)
        try:
            self.response = self.page.goto(self.entry.url, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            raise SiteUnreachable(where, self.entry.url, str(exc).splitlines()[0]) from None
        status = self.response.status if self.response else 0
        if status >= 500:
            raise SiteUnreachable(where, self.entry.url, f"HTTP {status}")  # a protocol word: the same in every language
        if status >= 400:
            raise ManualMismatch(
                where,
                expected=_("the documented URL {url} to open").format(url=self.entry.url),
                problem=_("it answers HTTP {status}").format(status=status),
                url=self.page.url,
                nearest=shown_labels(self.page)[:3],
            )
        return None if same_address(self.entry.url, self.page.url) else self.page.url

    def expect_entry_screen(self) -> None:
        screen = self.screen(self.entry.screen)
        screen.expect_shown(self.where("screen", page=screen.screen.page))

    # -- the documented steps up to the ID screen -----------------------------------------------
    def steps_to_id_screen(self) -> list[Step]:
        steps = []
        for step in self.service.steps:
            steps.append(step)
            if step.next == "bizd.id":
                return steps
        raise LookupError(f"{self.service.source}: no step leads to bizd.id")

    def steps_after_sign_in(self, first_login: bool) -> list[Step]:
        after = self.service.steps[len(self.steps_to_id_screen()):]
        return [s for s in after if first_login or not s.first_login_only]

    def do_step(self, step: Step, values: ValueSource, secret: bool = False) -> ScreenObject:
        screen = self.screen(step.screen, check="entry")
        where = self.where("entry", step, page=screen.screen.page)
        if step.action is Action.press:
            screen.press(step.control, where)
        elif step.action is Action.tick:
            screen.tick(step.control, where)
        else:
            assert step.value is not None
            screen.enter(step.control, values(step.value), secret=secret, where=where)
        return screen

    def press_bizd_login(self, values: ValueSource, on_step: Callable[[Step, ScreenObject], None] | None = None) -> None:
        """Follow the service's steps until the Business d Account ID screen is due."""
        for step in self.steps_to_id_screen():
            if on_step:
                on_step(step, self.screen(step.screen, check="entry"))
            self.do_step(step, values)
            if step.next and not step.next.startswith("bizd.") and step.next != "landing":
                # The documented next screen, whole: a new page in between is drift of this step.
                nxt = self.screen(step.next, check="entry", step=f"after {step.display}")
                nxt.expect_shown()

    def entry_needs_data(self) -> bool:
        """Whether reaching the ID screen types something (出勤簿's 会社コード): not for credential-free runs."""
        return any(step.action is Action.enter for step in self.steps_to_id_screen())


class JosysLoginPage(ServiceLoginPage):
    """IT資産管理 by ジョーシス: the first login only through the invitation email (pp.22-24)."""

    def accept_invitation(self, link: str) -> ScreenObject:
        invitation = self.service.invitation
        assert invitation is not None
        self.page.goto(link, wait_until="domcontentloaded")
        screen = self.screen(invitation.screen, check="entry")
        screen.expect_shown(self.where("entry", page=screen.screen.page))
        return screen

    def set_password(self, screen: ScreenObject, password: str) -> None:
        field = screen.screen.purpose("new_password")
        screen.enter(field.label, password, secret=True, where=self.where("entry", page=screen.screen.page))
        screen.locate(field).press("Enter")


SERVICE_PAGES: dict[str, type[ServiceLoginPage]] = {"josys": JosysLoginPage}


def service_login_page(page: Page, flows: Flows, service: Service, entry: Entry, timeout: float = 5000) -> ServiceLoginPage:
    return SERVICE_PAGES.get(service.id, ServiceLoginPage)(page, flows, service, entry, timeout)
