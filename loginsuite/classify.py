"""Nightly classification of a check's outcome: OK, STALE, DRIFT, UNREACHABLE or NOT APPLICABLE.

DRIFT means the site answered but the documented procedure broke (the manual needs revising);
STALE means the procedure works but a screen differs from the manual's picture; UNREACHABLE means the site did not answer properly (DNS, TLS, timeout, 5xx, reset) and is
nobody's fault in the manual. Reads outcomes and exception types only: it knows no page.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from loginsuite.mismatch import ManualMismatch, SiteUnreachable

NOT_APPLICABLE_PREFIX = "not applicable"

# Playwright/network errors that mean the site did not answer, when they escape a page object.
_NETWORK_MARKERS = (
    "net::ERR_", "ERR_CONNECTION", "ERR_NAME_NOT_RESOLVED", "ERR_TIMED_OUT", "ERR_SSL", "ERR_CERT",
    "ERR_EMPTY_RESPONSE", "ERR_CONNECTION_RESET", "Timeout", "ECONNRESET", "ECONNREFUSED",
)


class Verdict(str, Enum):
    """What a night says about one check or walk (results.json ``class``)."""

    OK = "OK"
    DRIFT = "DRIFT"
    STALE = "STALE"  # the procedure works; the screen differs from the manual's picture
    UNREACHABLE = "UNREACHABLE"
    NOT_APPLICABLE = "N.A."
    SKIPPED = "SKIPPED"
    ERROR = "ERROR"  # the suite itself broke: neither the site's nor the manual's fault


def classify_exception(exc: BaseException | None) -> Verdict:
    """By type first (the page objects raise ours), then by Playwright's network error text."""
    if exc is None:
        return Verdict.OK
    if isinstance(exc, SiteUnreachable):
        return Verdict.UNREACHABLE
    if isinstance(exc, ManualMismatch):
        return Verdict.DRIFT
    text = str(exc)
    if any(marker in text for marker in _NETWORK_MARKERS):
        return Verdict.UNREACHABLE
    if isinstance(exc, AssertionError):
        return Verdict.DRIFT
    return Verdict.ERROR


def classify(outcome: str, exc: BaseException | None = None, skip_reason: str = "") -> Verdict:
    """``outcome`` is pytest's: passed, failed, skipped (rerun counts as failed until the last try)."""
    if outcome == "passed":
        return Verdict.OK
    if outcome == "skipped":
        return Verdict.NOT_APPLICABLE if skip_reason.lower().startswith(NOT_APPLICABLE_PREFIX) else Verdict.SKIPPED
    return classify_exception(exc)


# A walk that stops early on purpose (--no-sign-in, data not configured) is OK for what it checked:
# every documented check it reached agreed with the manual.
_REACHED = {"passed", "not_applicable"}


def classify_walk(
    outcome: str, exc: BaseException | None = None, skip_reason: str = "", checks: dict[str, str] | None = None
) -> Verdict:
    """A walk's verdict; ``checks`` maps its recorded checks to their status (passed, failed, skipped…).

    The nightly walk never signs in, so its success is a skip at the ID screen: that skip is OK when
    every check recorded before it passed.
    """
    verdict = classify(outcome, exc, skip_reason)
    if verdict is Verdict.SKIPPED and checks:
        statuses = set(checks.values())
        if "passed" in statuses and statuses <= _REACHED | {"skipped"} and "failed" not in statuses:
            return Verdict.OK
    return verdict


def classify_check(status: str, walk_verdict: Verdict) -> Verdict:
    """One documented check's class (results.json ``class``): a failed check carries its walk's verdict."""
    if status == "passed":
        return Verdict.OK
    if status == "not_applicable":
        return Verdict.NOT_APPLICABLE
    if status == "failed":
        return walk_verdict if walk_verdict not in (Verdict.OK, Verdict.SKIPPED) else Verdict.ERROR
    return Verdict.SKIPPED


# Worst first: a service's cell in a night shows the worst class of its checks. A skipped check
# (the credential-free night stops at the ID screen) does not hide the OK of those that ran.
SEVERITY = (Verdict.DRIFT, Verdict.ERROR, Verdict.UNREACHABLE, Verdict.STALE, Verdict.OK, Verdict.SKIPPED, Verdict.NOT_APPLICABLE)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The one class a service shows for a night: the most severe of its checks'."""
    present = set(verdicts)
    for verdict in SEVERITY:
        if verdict in present:
            return verdict
    return Verdict.NOT_APPLICABLE


def nightly_exit_status(
    pytest_status: int, counts: dict[Verdict, int], fail_on_unreachable: bool, fail_on_stale: bool = False
) -> int:
    """Drift (or a broken suite) fails the night; unreachable sites or stale screens alone only warn
    unless asked to fail.

    Statuses other than "tests failed" (interrupted, usage error, nothing collected) are kept as they are.
    """
    if pytest_status not in (0, 1):
        return pytest_status
    if counts.get(Verdict.DRIFT) or counts.get(Verdict.ERROR):
        return 1
    if counts.get(Verdict.UNREACHABLE) and fail_on_unreachable:
        return 1
    if counts.get(Verdict.STALE) and fail_on_stale:
        return 1
    return 0
