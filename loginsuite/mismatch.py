"""The failure a QA person can act on: which service, which manual page and step, what was expected.

Raised by the page objects; read by the report (matrix cell, proposed revision) and by the nightly
classification (a mismatch is DRIFT: the site answered but no longer shows what the manual says).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from loginsuite.i18n import N_, _


@dataclass
class Where:
    """The manual's coordinates of a check."""

    service: str  # the manual's name, e.g. dX電子契約
    page: int
    step: str | None = None  # circled number, or a description for unnumbered steps
    check: str = "screen"  # the report column: url, screen, entry, id, two_step, consent, signed_in

    def describe(self) -> str:
        if self.step:
            return _("[{service}] manual p.{page}, step {step}").format(service=self.service, page=self.page,
                                                                        step=self.step)
        return _("[{service}] manual p.{page}").format(service=self.service, page=self.page)


# The kinds of documented fact (machine words, said through the catalogue).
KINDS = (N_("button"), N_("link"), N_("field"), N_("checkbox"), N_("text"))


def documented_fact(kind: str, fact: str, title: str | None = None) -> str:
    """What the manual shows, in the reader's language: 'button 「ログイン」 on screen 「2段階認証」'.

    ``kind`` is a machine word (button, link, field, checkbox, text) said in the reader's language.
    """
    if title:
        return _("{kind} 「{fact}」 on screen 「{title}」").format(kind=_(kind), fact=fact, title=title)
    return _("{kind} 「{fact}」").format(kind=_(kind), fact=fact)


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
        fact: str | None = None,
        kind: str | None = None,
        title: str | None = None,
    ) -> None:
        self.where = where
        # The documented label, its kind (a machine word) and the screen's title, when the failure is
        # one documented fact: what revisions and findings group by, whatever language the words are in.
        self.fact, self.kind, self.title = fact, kind, title
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
        lines = [_("{where}: expected {expected} — {problem}").format(
            where=self.where.describe(), expected=self.expected, problem=self.problem)]
        if self.url:
            lines.append("  " + _("page: {url}").format(url=self.url))
        if self.instead:
            lines.append("  " + _("shown in its place: 「{label}」").format(label=self.instead))
        if self.nearest:
            lines.append("  " + _("nearest labels shown: {labels}").format(
                labels=", ".join(f"「{label}」" for label in self.nearest)))
        else:
            lines.append("  " + _("nearest labels shown: (none alike)"))
        if self.new_address:
            lines.append("  " + _("the documented URL now leads to: {url}").format(url=self.new_address))
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
        super().__init__(_("{where}: {url} unreachable — {reason}").format(where=where.describe(), url=url,
                                                                           reason=reason))


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
