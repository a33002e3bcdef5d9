"""How a person operates a documented screen: find what the manual names, as a user sees it.

A control is found by its role and its visible (accessible) name, matched with the manual's label
rule; a field by its caption or placeholder. Every check is an auto-waiting ``expect``; when it
fails the page object raises ``ManualMismatch`` naming service, manual page, step and label, with
the labels the page shows instead.
"""
from __future__ import annotations

import re
from dataclasses import replace

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from loginsuite.flows import Control, Screen, Step
from loginsuite.flows.model import Kind
from loginsuite.labels import nearest, pattern
from loginsuite.mismatch import ManualMismatch, Where

KIND_WORDS = {Kind.button: "button", Kind.link: "link", Kind.field: "field", Kind.checkbox: "checkbox"}
_SNAPSHOT_NAME = re.compile(r'^\s*- (?:[a-z]+) "((?:[^"\\]|\\.)*)"|^\s*- text: (.+)$|^\s*- [a-z]+: (.+)$')

# Makes typed secrets unreadable in every frame the page renders (screenshots, video), before they
# are typed. Playwright's screenshot mask covers our own screenshots; this covers the rest.
HIDE_TYPED_TEXT = "el => { el.style.setProperty('-webkit-text-security', 'disc', 'important'); }"


def shown_labels(page: Page) -> list[str]:
    """What a user can read on the page: accessible names and texts from the ARIA snapshot."""
    try:
        snapshot = page.locator("body").aria_snapshot(timeout=2000)
    except PlaywrightError:
        return []
    labels = []
    for line in snapshot.splitlines():
        match = _SNAPSHOT_NAME.match(line)
        if match:
            labels.append((match.group(1) or match.group(2) or match.group(3) or "").strip().strip('"'))
    return [label for label in labels if label and len(label) < 120]


class ScreenObject:
    """One documented screen on a page; built from its flows record."""

    def __init__(
        self, page: Page, screen: Screen, where: Where, timeout: float = 5000, steps: list[Step] | None = None
    ) -> None:
        self.page = page
        self.screen = screen
        self.where = where
        self.timeout = timeout
        self.steps = steps or []  # the documented steps performed on this screen, to name them in failures

    # -- locating -------------------------------------------------------------------------------
    def locate(self, control: Control) -> Locator:
        name = pattern(control.label)
        page = self.page
        if control.kind in (Kind.button, Kind.link):
            # A user cannot tell a link styled as a button from a button, nor an image button from
            # either: whatever is pressable under the documented name is the documented control.
            found = page.get_by_role("button", name=name).or_(page.get_by_role("link", name=name))
        elif control.kind is Kind.checkbox:
            found = page.get_by_role("checkbox", name=name)
        else:
            found = page.get_by_label(name).or_(page.get_by_placeholder(name))
        # Sites repeat a control (header and body); any visible one is the documented control.
        return found.first

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
        locator = self.locate(control)
        try:
            expect(locator).to_be_visible(timeout=self.timeout)
        except AssertionError:
            where = where or self.at()
            step = self.step_of(control)
            if step and step != where.step:
                where = replace(where, step=step if not where.step else f"{step} ({where.step})")
            raise self._missing(f"{KIND_WORDS[control.kind]} 「{control.label}」", where) from None
        return locator

    def expect_text(self, text: str, where: Where | None = None) -> None:
        try:
            expect(self.page.get_by_text(pattern(text, whole=False)).first).to_be_visible(timeout=self.timeout)
        except AssertionError:
            raise self._missing(f"text 「{text}」", where) from None

    def expect_shown(self, where: Where | None = None) -> None:
        """Everything the slide shows of this screen: its texts and its controls."""
        where = where or self.at()
        for text in self.screen.texts:
            self.expect_text(text, where)
        for control in self.screen.controls:
            self.expect_control(control, where)

    def expect_first_control(self, where: Where | None = None) -> None:
        """A cheap "this is the documented screen" check: its first documented control is shown."""
        self.expect_control(self.screen.controls[0], where)

    def _missing(self, expected: str, where: Where | None) -> ManualMismatch:
        where = where or self.at()
        expected_label = expected.split("「", 1)[-1].rstrip("」")
        return ManualMismatch(
            where,
            expected=f"{expected} on screen 「{self.screen.title}」",
            problem="not shown",
            url=self.page.url,
            nearest=nearest(expected_label, shown_labels(self.page)),
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
        self.expect_control(self.screen.control(label), where).check()

    def control_by_purpose(self, purpose: str) -> Locator:
        return self.expect_control(self.screen.purpose(purpose))

    def secret_fields(self) -> list[Locator]:
        """Locators of the screen's secret fields, for Playwright's screenshot mask."""
        secret = {"password", "security_code", "new_password"}
        return [self.locate(c) for c in self.screen.controls if c.purpose in secret]
