"""What one test hands the report: its walk record, verdict and failure, as JSON.

Built on the worker (where the exception, the page and the stash are) and read on the controller
(where pytest-html writes the report): pytest-xdist serializes a report's attributes, so the JSON
rides along as ``report.bizd_result`` on the teardown report.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from loginsuite.classify import Verdict, classify_check
from loginsuite.i18n import N_, _
from loginsuite.mismatch import CheckRecord, ManualMismatch, SiteUnreachable
from loginsuite.results import CHECKS, WalkRecord

ATTRIBUTE = "bizd_result"
FAILING = (Verdict.DRIFT.value, Verdict.UNREACHABLE.value, Verdict.ERROR.value)
# The report columns' names for the reader (msgids; the Japanese are results.CHECK_TITLES, the manual's words).
CHECK_NAMES = {
    "url": N_("URL"), "screen": N_("Screen"), "entry": N_("Login step"), "id": N_("ID entry"),
    "two_step": N_("Two-step verification"), "consent": N_("Consent"), "signed_in": N_("Signed in"),
}


def check_name(check: str) -> str:
    """A report column's name in the reader's language (a check key it does not know: the key)."""
    return _(CHECK_NAMES[check]) if check in CHECK_NAMES else check


@dataclass
class Finding:
    """A disagreement's coordinates and words (from ManualMismatch or SiteUnreachable)."""

    service: str
    page: int
    step: str | None
    check: str
    expected: str
    problem: str
    url: str | None = None
    nearest: list[str] = field(default_factory=list)
    new_address: str | None = None
    screen: str | None = None  # flows reference of the screen ('bizd.id'), when a page object named it
    shared: bool = False  # a Business d Account screen: one change there is one finding for every service
    instead: str | None = None  # the control of the same role shown in the documented one's place
    fact: str | None = None  # the documented label or text, when the finding is one documented fact
    kind: str | None = None  # its kind: button | link | field | checkbox | text (machine words)
    title: str | None = None  # the title of the screen it is documented on

    @classmethod
    def from_exception(cls, exc: BaseException | None) -> Finding | None:
        if isinstance(exc, ManualMismatch):
            w = exc.where
            return cls(w.service, w.page, w.step, w.check, exc.expected, exc.problem, exc.url,
                       list(exc.nearest), exc.new_address, exc.screen, exc.shared, exc.instead,
                       exc.fact, exc.kind, exc.title)
        if isinstance(exc, SiteUnreachable):
            w = exc.where
            return cls(w.service, w.page, w.step, w.check, _("{url} to answer").format(url=exc.url), exc.reason,
                       exc.url)
        return None


@dataclass
class TestOutcome:
    """One test as the report sees it; ``walk`` is None for tests that walk nothing."""

    __test__ = False  # not a pytest test class, despite the name

    nodeid: str
    outcome: str  # pytest's, worst phase: passed | failed | skipped
    verdict: str  # loginsuite.classify.Verdict value
    message: str = ""  # masked: the failure or the skip reason
    walk: WalkRecord | None = None
    finding: Finding | None = None
    failure_shot: str | None = None
    browser: str | None = None
    duration: float = 0.0  # all phases; set on the controller
    trace: str | None = None  # pytest-playwright's trace.zip, when tracing was on; set on the controller
    title: str = ""  # the test's docstring, first line (rows of tests that walk no single entry)
    # A documented procedure that is not one entry's walk (appendix, invitation, negative path): the
    # manual's name for it, its documented URL and its numbered screenshots (caption, png path).
    procedure_title: str = ""
    url: str | None = None
    screenshots: list[tuple[str, str]] = field(default_factory=list)

    @property
    def case(self) -> str:
        """The readable id of the walk (entry id, else service id), else the test's nodeid."""
        if self.walk:
            return self.walk.entry_id or self.walk.service_id
        return self.nodeid

    @property
    def failing(self) -> bool:
        return self.verdict in FAILING

    def check_verdict(self, check: CheckRecord) -> Verdict:
        """The nightly class of one check (a failed check carries its walk's class)."""
        return classify_check(check.status, Verdict(self.verdict))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TestOutcome:
        data: dict[str, Any] = json.loads(text)
        walk = data.pop("walk")
        finding = data.pop("finding")
        data["screenshots"] = [(caption, path) for caption, path in data.get("screenshots", [])]
        return cls(
            **data,
            walk=_walk_from_dict(walk) if walk else None,
            finding=Finding(**finding) if finding else None,
        )


def _walk_from_dict(data: dict[str, Any]) -> WalkRecord:
    checks = {name: CheckRecord(**record) for name, record in data.pop("checks").items()}
    screenshots = [(caption, path) for caption, path in data.pop("screenshots")]
    return WalkRecord(**data, checks=checks, screenshots=screenshots)


def complete_checks(walk: WalkRecord, outcome: str, exc: BaseException | None, message: str) -> None:
    """Give every column a status: the failing check, and what the walk did not reach, in CHECKS order."""
    failed_at = next((c for c in CHECKS if c in walk.checks and walk.checks[c].status == "failed"), None)
    where = getattr(exc, "where", None)
    if failed_at and walk.checks[failed_at].step is None and getattr(where, "check", None) == failed_at:
        walk.checks[failed_at].step = getattr(where, "step", None)  # the walk records the check, not the step
    if outcome == "failed" and failed_at is None:
        named = getattr(where, "check", None)
        missing = [c for c in CHECKS if c not in walk.checks]
        failed_at = named if named in missing else (missing[0] if missing else None)
        if failed_at:
            step = getattr(where, "step", None)
            walk.checks[failed_at] = CheckRecord(failed_at, "failed", message.splitlines()[0] if message else "",
                                                 step=step)
    for name in CHECKS:
        if name in walk.checks:
            continue
        if failed_at:
            reason = _("not reached: the walk stopped at {check} ({key})").format(
                check=check_name(failed_at), key=failed_at)
        elif outcome == "skipped":
            reason = message or _("skipped")
        else:
            reason = _("not checked by this test")
        walk.checks[name] = CheckRecord(name, "skipped", reason)
    walk.checks = {name: walk.checks[name] for name in CHECKS if name in walk.checks} | {
        name: record for name, record in walk.checks.items() if name not in CHECKS
    }


def walk_from_params(params: dict[str, Any]) -> WalkRecord | None:
    """A record for a walk whose fixture never ran (setup failed): from its ``case`` parameter, if any.

    Duck-typed on ``case.service`` / ``case.entry``: the core does not know the walks' Case class.
    """
    case = params.get("case")
    service = getattr(case, "service", None)
    if service is None:
        return None
    entry = getattr(case, "entry", None)
    return WalkRecord(
        service_id=getattr(service, "id", "?"),
        service=getattr(service, "name", "?"),
        entry_id=getattr(entry, "id", None) if entry else None,
        entry_label=getattr(entry, "label", "") if entry else "",
        page=getattr(service, "page", 0),
    )
