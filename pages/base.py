"""How a person operates a documented screen: find what the manual names, as a user sees it.

A control is found by its role and its visible (accessible) name, matched with the manual's label
rule; a field by its caption or placeholder. Markup a user cannot see does not matter: a documented
button may be a link, an ``input type=submit``, an image link or ``role=button``.

A screen's *procedure facts* (what a customer must operate; see ``flows.model.Screen``) are checked
with an auto-waiting ``expect``: a failing one raises ``ManualMismatch`` (DRIFT) naming service,
manual page, step and label, with the labels the page shows instead. Its *screen facts* are checked
afterwards and each difference is handed to the page's sink as a ``StaleFact`` (STALE): the walk goes
on, so a stale sentence never hides a broken procedure behind it. (Playwright's ``expect.soft`` fails
the test at its end, but a stale screen must leave the walk passing, so the differences are recorded
instead.)
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from loginsuite.flows import Control, Screen, Step
from loginsuite.flows.model import Kind
from loginsuite.i18n import _
from loginsuite.instead import shown_instead
from loginsuite.labels import nearest, pattern
from loginsuite.mismatch import ManualMismatch, StaleFact, Where, documented_fact

KIND_WORDS = {Kind.button: "button", Kind.link: "link", Kind.field: "field", Kind.checkbox: "checkbox"}
# Screen facts are looked for once the screen's procedure controls are shown (the page is there):
# a short wait for late-rendered parts, not the full check timeout for each missing sentence.
SCREEN_FACT_TIMEOUT = 1000.0

StaleSink = Callable[[StaleFact], None]
_SINKS: WeakKeyDictionary[Page, StaleSink] = WeakKeyDictionary()


def record_screen_facts(page: Page, sink: StaleSink) -> None:
    """Send every screen-fact difference found on ``page`` to ``sink`` (the walk's record)."""
    _SINKS[page] = sink
_SNAPSHOT_NAME = re.compile(r'^\s*- (?:[a-z]+) "((?:[^"\\]|\\.)*)"|^\s*- text: (.+)$|^\s*- [a-z]+: (.+)$')

# Makes typed secrets unreadable in every frame the page renders (screenshots, video), before they
# are typed. Playwright's screenshot mask covers our own screenshots; this covers the rest.
HIDE_TYPED_TEXT = "el => { el.style.setProperty('-webkit-text-security', 'disc', 'important'); }"


def _snapshot(page: Page) -> str:
    try:
        return page.locator("body").aria_snapshot(timeout=2000)
    except PlaywrightError:
        return ""


def shown_labels(page: Page, snapshot: str | None = None) -> list[str]:
    """What a user can read on the page: accessible names and texts from the ARIA snapshot."""
    snapshot = _snapshot(page) if snapshot is None else snapshot
    labels = []
    for line in snapshot.splitlines():
        match = _SNAPSHOT_NAME.match(line)
        if match:
            labels.append((match.group(1) or match.group(2) or match.group(3) or "").strip().strip('"'))
    return [label for label in labels if label and len(label) < 120]


@dataclass(frozen=True)
class Found:
    """Where a documented control was found; ``problem`` says how it differs in kind (None: as documented)."""

    locator: Locator
    problem: str | None = None


class ScreenObject:
    """One documented screen on a page; built from its flows record.

    ``procedure`` holds the screen's procedure facts (``Flows.procedure_facts``); without it, the
    controls the given steps operate and the screen's own ``procedure`` list.
    """

    def __init__(
        self, page: Page, screen: Screen, where: Where, timeout: float = 5000, steps: list[Step] | None = None,
        *, ref: str = "", procedure: frozenset[str] | None = None, shared: bool = False,
    ) -> None:
        self.page = page
        self.screen = screen
        self.where = where
        self.timeout = timeout
        self.steps = steps or []  # the documented steps performed on this screen, to name them in failures
        self.ref = ref or screen.title
        self.procedure = procedure if procedure is not None else (
            frozenset(screen.procedure) | {s.control for s in self.steps})
        self.shared = shared
        self.differences: list[StaleFact] = []  # every screen difference found on this screen so far

    # -- locating -------------------------------------------------------------------------------
    def locate(self, control: Control) -> Locator:
        """The control as documented (any markup a user cannot tell apart)."""
        name = pattern(control.label)
        page = self.page
        if control.kind in (Kind.button, Kind.link):
            # A user cannot tell a link styled as a button from a button, nor an image button from
            # either: whatever is pressable under the documented name is the documented control.
            found = page.get_by_role("button", name=name).or_(page.get_by_role("link", name=name))
        elif control.kind is Kind.checkbox:
            found = page.get_by_role("checkbox", name=name)
        else:
            found = (page.get_by_label(name).or_(page.get_by_placeholder(name))
                     .or_(page.get_by_role("textbox", name=name)))
        # Sites repeat a control (a hidden mobile header, the body): any visible one is the documented control.
        return found.filter(visible=True).first

    def _other_kinds(self, control: Control) -> list[tuple[str, Locator]]:
        """The same name in another kind: a change of kind is a screen difference, not a missing control."""
        name = pattern(control.label)
        shapes: list[tuple[str, Locator]] = []
        if control.kind is Kind.checkbox:
            shapes += [("shown_as_switch", self.page.get_by_role("switch", name=name)),
                       ("shown_as_toggle", self.page.get_by_role("button", name=name))]
        if control.kind is not Kind.field:
            shapes.append(("shown_as_text", self.page.get_by_text(name)))
        return [(problem, locator.filter(visible=True)) for problem, locator in shapes]

    def find(self, control: Control, timeout: float) -> Found | None:
        """The control as a user would find it, waiting up to ``timeout``; None when not shown at all."""
        documented = self.locate(control)
        others = self._other_kinds(control)
        anything = documented
        for _kind, locator in others:
            anything = anything.or_(locator)
        try:
            expect(anything.first).to_be_visible(timeout=timeout)
        except AssertionError:
            return None
        if documented.is_visible():
            return Found(documented)
        for problem, locator in others:
            shown = locator.first
            if shown.is_visible():
                if problem == "shown_as_text" and control.kind in (Kind.button, Kind.link) and _looks_pressable(shown):
                    return Found(shown)  # a pressable element without a role: to a user, the same control
                return Found(shown, problem)
        return Found(documented) if documented.count() else None

    def at(self, step: Step | None = None, check: str | None = None) -> Where:
        return Where(
            service=self.where.service,
            page=self.screen.page if step is None else self.where.page,
            step=step.display if step else self.where.step,
            check=check or self.where.check,
        )

    # -- checking -------------------------------------------------------------------------------
    def step_of(self, control: Control) -> str | None:
        """How the manual numbers this control: the step that operates it, else its own callout."""
        for step in self.steps:
            if step.control == control.label:
                return step.display
        return control.number

    def expect_control(self, control: Control, where: Where | None = None) -> Locator:
        """A control the procedure needs: shown and operable, else DRIFT (a switch still ticks)."""
        found = self.find(control, self.timeout)
        if found is None or found.problem == "shown_as_text":
            where = where or self.at()
            step = self.step_of(control)
            if step and step != where.step:
                where = replace(where, step=step if not where.step else f"{step} ({where.step})")
            problem = _("shown as text only, not as a control") if found else _("not shown")
            raise self._missing(KIND_WORDS[control.kind], control.label, where, problem, control) from None
        if found.problem:
            self._stale(control.label, control.kind.value, found.problem)
        return found.locator

    def expect_text(self, text: str, where: Where | None = None) -> None:
        try:
            expect(self.page.get_by_text(pattern(text, whole=False)).filter(visible=True).first).to_be_visible(
                timeout=self.timeout)
        except AssertionError:
            raise self._missing("text", text, where) from None

    def expect_shown(self, where: Where | None = None) -> list[StaleFact]:
        """Everything the slide shows of this screen: its procedure facts first (a missing one stops
        the walk), then its screen facts (each difference recorded; the walk goes on)."""
        where = where or self.at()
        already = len(self.differences)
        for control in self.screen.controls:
            if control.label in self.procedure:
                self.expect_control(control, where)
        for text in self.screen.texts:
            if text in self.procedure:
                self.expect_text(text, where)
        self.check_screen_facts()
        return self.differences[already:]

    def check_screen_facts(self) -> list[StaleFact]:
        """The screen facts, looked for on the page as it is now (its procedure controls are shown)."""
        timeout = min(SCREEN_FACT_TIMEOUT, self.timeout)
        stale: list[StaleFact] = []
        for text in self.screen.texts:
            if text in self.procedure:
                continue
            try:
                expect(self.page.get_by_text(pattern(text, whole=False)).filter(visible=True).first).to_be_visible(
                    timeout=timeout)
            except AssertionError:
                stale.append(self._stale(text, "text", "not_shown"))
        for control in self.screen.controls:
            if control.label in self.procedure:
                continue
            found = self.find(control, timeout)
            if found is None:
                stale.append(self._stale(control.label, control.kind.value, "not_shown"))
            elif found.problem:
                stale.append(self._stale(control.label, control.kind.value, found.problem))
        return stale

    def expect_first_control(self, where: Where | None = None) -> None:
        """A cheap "this is the documented screen" check: its first documented control is shown."""
        self.expect_control(self.screen.controls[0], where)

    def _stale(self, fact: str, kind: str, problem: str) -> StaleFact:
        stale = StaleFact(
            screen=self.ref, title=self.screen.title, page=self.screen.page, fact=fact, kind=kind,
            problem=problem, check=self.where.check, service=self.where.service, url=self.page.url,
            nearest=nearest(fact, shown_labels(self.page)) if problem == "not_shown" else [],
            shared=self.shared, source=self.screen.source,
        )
        self.differences.append(stale)
        sink = _SINKS.get(self.page)
        if sink is not None:
            sink(stale)
        return stale

    def _missing(self, kind: str, fact: str, where: Where | None, problem: str | None = None,
                 control: Control | None = None) -> ManualMismatch:
        where = where or self.at()
        snapshot = _snapshot(self.page)
        instead = (shown_instead(snapshot, KIND_WORDS[control.kind], [c.label for c in self.screen.controls],
                                 control.label) if control is not None else None)
        return ManualMismatch(
            where,
            expected=documented_fact(kind, fact, self.screen.title),
            problem=problem or _("not shown"),
            url=self.page.url,
            nearest=nearest(fact, shown_labels(self.page, snapshot)),
            screen=self.ref,
            shared=self.shared,
            instead=instead,
            fact=fact, kind=kind, title=self.screen.title,
        )

    # -- operating ------------------------------------------------------------------------------
    def press(self, label: str, where: Where | None = None) -> None:
        self.expect_control(self.screen.control(label), where).click()

    def enter(self, label: str, value: str, secret: bool = False, where: Where | None = None) -> None:
        field = self.expect_control(self.screen.control(label), where)
        if secret:
            field.evaluate(HIDE_TYPED_TEXT)
        field.fill(value)

    def tick(self, label: str, where: Where | None = None) -> None:
        tick_control(self.expect_control(self.screen.control(label), where))

    def control_by_purpose(self, purpose: str) -> Locator:
        return self.expect_control(self.screen.purpose(purpose))

    def secret_fields(self) -> list[Locator]:
        """Locators of the screen's secret fields, for Playwright's screenshot mask."""
        secret = {"password", "security_code", "new_password"}
        return [self.locate(c) for c in self.screen.controls if c.purpose in secret]


def _looks_pressable(element: Locator) -> bool:
    """Whether a user would take the text for a control: the pointer turns into a hand over it."""
    try:
        return bool(element.evaluate("el => getComputedStyle(el).cursor === 'pointer'"))
    except PlaywrightError:
        return False


def tick_control(control: Locator) -> None:
    """Tick a checkbox, or a switch or toggle drawn in its place (the same control to a user)."""
    try:
        control.check()
    except PlaywrightError:
        if control.get_attribute("aria-checked") != "true" and control.get_attribute("aria-pressed") != "true":
            control.click()
