"""Each walk's verdict (OK / DRIFT / UNREACHABLE / N.A.) and the night's exit status.

The verdict is decided where the exception lives (the xdist worker, in ``pytest_runtest_makereport``)
and travels on the report as plain attributes, so the controller can count, summarise and set the
exit status: drift fails the night, unreachable sites alone only warn unless ``--fail-on-unreachable``.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Response

from loginsuite.classify import SEVERITY, Verdict, classify_walk, nightly_exit_status
from loginsuite.i18n import _, format_day, ngettext
from loginsuite.results import WALK_KEY

ORDER = (Verdict.OK, Verdict.STALE, Verdict.DRIFT, Verdict.UNREACHABLE, Verdict.NOT_APPLICABLE, Verdict.SKIPPED,
         Verdict.ERROR)
COLOURS = {Verdict.DRIFT: "red", Verdict.ERROR: "red", Verdict.UNREACHABLE: "yellow", Verdict.STALE: "yellow",
           Verdict.OK: "green"}


@dataclass
class Outcome:
    """What the controller keeps of one walk (its last try)."""

    name: str
    verdict: Verdict
    message: str = ""
    new_address: str | None = None
    retries: int = 0
    reached: str = ""  # the documented URL's redirect chain and TLS


@dataclass
class Night:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    retries: Counter[str] = field(default_factory=Counter)
    exit_status: int | None = None

    def counts(self) -> Counter[Verdict]:
        return Counter(o.verdict for o in self.outcomes.values())


NIGHT_KEY = pytest.StashKey[Night]()
HOPS_KEY = pytest.StashKey[list[Response]]()
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bizd")
    group.addoption("--nightly", action="store_true",
                    help=_("classify every walk OK/DRIFT/UNREACHABLE/N.A.; drift fails the run, unreachable "
                           "sites alone only warn unless --fail-on-unreachable (set by 'python -m loginsuite nightly')"))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(NightlyPlugin(config), "bizd-nightly")


_WATCHED: WeakKeyDictionary[Page, list[Response]] = WeakKeyDictionary()


def watch_reachability(page: Page) -> list[Response]:
    """The responses of the page's first navigation (the documented URL's redirect chain), kept as they
    come; watched from the page's creation on (a walk started ahead opens its URL before its setup)."""
    if page in _WATCHED:
        return _WATCHED[page]
    hops: list[Response] = []

    def on_response(response: Response) -> None:
        if hops and hops[-1].status not in REDIRECT_STATUSES:
            return  # the documented URL has been answered; later navigations are the walk's steps
        if response.frame == page.main_frame and response.request.is_navigation_request():
            hops.append(response)

    page.on("response", on_response)
    _WATCHED[page] = hops
    return hops


@pytest.fixture(autouse=True)
def _nightly_reachability(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the first navigation's responses (the documented URL's redirect chain) of a walk's page."""
    if not request.config.getoption("--nightly") or "page" not in request.fixturenames:
        yield
        return
    request.node.stash[HOPS_KEY] = watch_reachability(request.getfixturevalue("page"))
    yield


def reachability(hops: list[Response]) -> str:
    """``301 https://a → 200 https://b (TLS 1.3, valid to May 1, 2026)``: how the documented URL answered
    (the certificate's expiry in the reader's words: 有効期限 2026年5月1日)."""
    if not hops:
        return ""
    chain = " → ".join(f"{r.status} {r.url}" for r in hops)
    try:
        details: dict[str, Any] = dict(hops[-1].security_details() or {})
    except PlaywrightError:
        details = {}
    if details.get("protocol"):
        valid_to = details.get("validTo")
        until = _(", valid to {date}").format(date=format_day(dt.datetime.fromtimestamp(valid_to, dt.UTC).date())) \
            if valid_to else ""
        chain += f" ({details['protocol']}{until})"
    return chain


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return ""


def summary_line(counts: Counter[Verdict], retries: int = 0) -> str:
    """``6 walks: 2 OK, 1 STALE, …``: the counts by class (the class names are the machine's, in every language)."""
    parts = ", ".join(f"{counts[v]} {v.value}" for v in ORDER if counts[v] or v in ORDER[:5])
    total = sum(counts.values())
    line = ngettext("{n} walk: {counts}", "{n} walks: {counts}", total).format(n=total, counts=parts)
    if retries:
        line += ngettext(" ({n} retry of unreachable sites)", " ({n} retries of unreachable sites)",
                         retries).format(n=retries)
    return line


class NightlyPlugin:
    """Registered per session (like pytest-html's reporter) so every hook sees the same Night."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.nightly = bool(config.getoption("--nightly"))
        self.controller = not hasattr(config, "workerinput")
        self.night = Night()
        config.stash[NIGHT_KEY] = self.night

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        report: pytest.TestReport = yield
        record = item.stash.get(WALK_KEY, None)
        if not self.nightly and record is None:
            return report
        decisive = report.when == "call" or (report.when == "setup" and not report.passed) or report.failed
        if not decisive:
            return report
        exc = call.excinfo.value if call.excinfo is not None and report.failed else None
        checks = {name: check.status for name, check in record.checks.items()} if record else None
        verdict = classify_walk(report.outcome, exc, _skip_reason(report), checks)
        if verdict is Verdict.OK and record is not None and record.is_stale:
            verdict = Verdict.STALE  # the procedure works; a screen differs from the manual's picture
        if report.when == "teardown" and verdict is Verdict.DRIFT:
            verdict = Verdict.ERROR  # a teardown cannot see the site drift; the suite broke
        # Plain attributes: pytest-xdist carries a report's __dict__ to the controller.
        report.bizd_verdict = verdict.value  # type: ignore[attr-defined]
        if report.when == "call" or report.failed:
            # junit.xml: a STALE walk is a passed test carrying its class (and the screen facts that differ).
            item.user_properties[:] = [p for p in item.user_properties if p[0] not in ("class", "stale")]
            item.user_properties.append(("class", verdict.value))
            for row in record.stale if record else []:
                item.user_properties.append(("stale", (f"p.{row['page']} {row['title']}: {row['kind']} 「{row['fact']}」 "
                                                       f"{row['problem']}")))
        report.bizd_walk = (  # type: ignore[attr-defined]
            f"{record.service} [{record.entry_id or record.service_id}]" if record else item.nodeid)
        report.bizd_new_address = record.new_address if record else None  # type: ignore[attr-defined]
        report.bizd_message = (str(exc).strip().splitlines() or [""])[0] if exc else ""  # type: ignore[attr-defined]
        reached = reachability(item.stash.get(HOPS_KEY, []))
        report.bizd_reached = reached  # type: ignore[attr-defined]
        if reached:
            report.user_properties.append(("reachability", reached))  # junit.xml and the HTML report
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        verdict = getattr(report, "bizd_verdict", None)
        if verdict is None:
            return
        if report.outcome == "rerun":
            self.night.retries[report.nodeid] += 1
            return
        self.night.outcomes[report.nodeid] = Outcome(
            name=getattr(report, "bizd_walk", report.nodeid),
            verdict=Verdict(verdict),
            message=getattr(report, "bizd_message", ""),
            new_address=getattr(report, "bizd_new_address", None),
            retries=self.night.retries[report.nodeid],
            reached=getattr(report, "bizd_reached", ""),
        )

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not (self.nightly and self.controller):
            return
        self.night.exit_status = nightly_exit_status(
            int(exitstatus), self.night.counts(), bool(self.config.getoption("--fail-on-unreachable")),
            bool(self.config.getoption("--fail-on-stale")))
        session.exitstatus = self.night.exit_status

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not (self.nightly and self.controller):
            return
        write_summary(terminalreporter, self.night)


def write_summary(tr: Any, night: Night) -> None:
    """Counts, then every walk, worst first, with the new address and redirect chain of moved URLs."""
    counts = night.counts()
    tr.write_sep("=", _("nightly drift check"), bold=True)
    tr.write_line(summary_line(counts, sum(night.retries.values())))
    for outcome in sorted(night.outcomes.values(), key=lambda o: (SEVERITY.index(o.verdict), o.name)):
        tries = ngettext(" (after {n} retry)", " (after {n} retries)", outcome.retries).format(n=outcome.retries) \
            if outcome.retries else ""
        message = f": {outcome.message}" if outcome.message else ""
        tr.write_line(f"{outcome.verdict.value:<11} {outcome.name}{message}{tries}",
                      **({COLOURS[outcome.verdict]: True} if outcome.verdict in COLOURS else {}))
        if outcome.new_address:
            still = _("documented screen still reached") if outcome.verdict is Verdict.OK else outcome.verdict.value
            tr.write_line(f"{'  ' + _('moved'):<11} " + _("now {address} ({still})").format(
                address=outcome.new_address, still=still), yellow=True)
            if outcome.reached:
                tr.write_line(f"{'':<11} {outcome.reached}")
    unreachable = counts[Verdict.UNREACHABLE]
    stale = counts[Verdict.STALE]
    if stale and night.exit_status == 0:
        tr.write_line(_("WARNING: {n} walk(s) STALE: the procedure works but a screen differs from the manual's "
                        "picture; the night does not fail for that (--fail-on-stale to make it)").format(n=stale),
                      yellow=True, bold=True)
    if unreachable and night.exit_status == 0:
        tr.write_line(_("WARNING: {n} site(s) unreachable; the night does not fail for that "
                        "(--fail-on-unreachable to make it)").format(n=unreachable), yellow=True, bold=True)
    elif night.exit_status == 0 and not stale:
        tr.write_line(_("no drift"), green=True)
    if night.exit_status is not None and night.exit_status != 0:
        tr.write_line(_("the night fails: exit status {status}").format(status=night.exit_status), red=True, bold=True)
