"""The failure a QA person can act on: which service, which manual page and step, what was expected.

Raised by the page objects; read by the report (matrix cell, proposed revision) and by the nightly
classification (a mismatch is DRIFT: the site answered but no longer shows what the manual says).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Where:
    """The manual's coordinates of a check."""

    service: str  # the manual's name, e.g. dX電子契約
    page: int
    step: str | None = None  # circled number, or a description for unnumbered steps
    check: str = "screen"  # the report column: url, screen, entry, id, two_step, consent, signed_in

    def describe(self) -> str:
        step = f", step {self.step}" if self.step else ""
        return f"[{self.service}] manual p.{self.page}{step}"


class ManualMismatch(AssertionError):
    """The site no longer matches the manual (DRIFT)."""

    def __init__(
        self,
        where: Where,
        expected: str,
        problem: str,
        url: str | None = None,
        nearest: list[str] | None = None,
        new_address: str | None = None,
        screen: str | None = None,
        shared: bool = False,
        instead: str | None = None,
    ) -> None:
        self.where = where
        # The flows reference of the screen ('bizd.id'); ``shared``: a Business d Account screen every
        # service passes, so one change there is one finding for all of them.
        self.screen = screen
        self.shared = shared
        self.instead = instead  # the control of the same role in the documented one's place
        self.expected = expected
        self.problem = problem
        self.url = url
        self.nearest = nearest or []
        self.new_address = new_address
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [f"{self.where.describe()}: expected {self.expected} — {self.problem}"]
        if self.url:
            lines.append(f"  page: {self.url}")
        if self.instead:
            lines.append(f"  shown in its place: 「{self.instead}」")
        if self.nearest:
            lines.append("  nearest labels shown: " + ", ".join(f"「{label}」" for label in self.nearest))
        else:
            lines.append("  nearest labels shown: (none alike)")
        if self.new_address:
            lines.append(f"  the documented URL now leads to: {self.new_address}")
        return "\n".join(lines)


@dataclass
class StaleFact:
    """A screen fact that differs from the slide (STALE): recorded, reported, never stopping the walk.

    ``screen`` is the flows reference ('bizd.id', 'cloudsign.login'), so one change on a shared
    screen can be reported once for every service it affects; ``problem`` is a machine key.
    """

    screen: str
    title: str
    page: int
    fact: str  # the documented label or text
    kind: str  # text | button | link | field | checkbox
    problem: str  # not_shown | shown_as_text | shown_as_switch | shown_as_toggle
    check: str  # the report column the screen belongs to
    service: str
    url: str = ""
    nearest: list[str] = field(default_factory=list)
    shared: bool = False  # a Business d Account screen every service passes
    source: str | None = None  # where flows read the fact, when not from the screen itself

    @property
    def key(self) -> str:
        """The same change seen by several walks has one key."""
        return f"{self.screen}|{self.kind}|{self.fact}|{self.problem}"


class SiteUnreachable(AssertionError):
    """The site did not answer properly (DNS, TLS, timeout, 5xx, reset): not the manual's fault."""

    def __init__(self, where: Where, url: str, reason: str) -> None:
        self.where = where
        self.url = url
        self.reason = reason
        super().__init__(f"{where.describe()}: {url} unreachable — {reason}")


class AccountLocked(RuntimeError):
    """The identity provider reports a lock or too many attempts: stop the whole run at once.

    Neither a mismatch (no revision is proposed) nor a timeout: ``screen`` is where it was shown,
    ``text`` what the identity provider said.
    """

    def __init__(self, screen: str, text: str) -> None:
        self.screen = screen
        self.text = text
        super().__init__(screen, text)

    def __str__(self) -> str:
        from loginsuite.i18n import _

        return _("the identity provider reports a lock or too many attempts on 「{screen}」: 「{text}」 — "
                 "run stopped, nothing more is tried with this account").format(screen=self.screen, text=self.text)


@dataclass
class CheckRecord:
    """One documented check's outcome inside a walk, for the coverage matrix."""

    check: str
    status: str  # passed | failed | skipped | not_applicable
    message: str = ""
    step: str | None = None
    screenshot: str | None = None  # path of the numbered screenshot, when taken
    extra: dict[str, str] = field(default_factory=dict)
