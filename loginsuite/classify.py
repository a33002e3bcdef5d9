"""Nightly classification of a check's outcome: OK, DRIFT, UNREACHABLE or NOT APPLICABLE.

DRIFT means the site answered but no longer shows what the manual documents (the manual needs
revising); UNREACHABLE means the site did not answer properly (DNS, TLS, timeout, 5xx, reset) and is
nobody's fault in the manual. Reads outcomes and exception types only: it knows no page.
"""
from __future__ import annotations

from enum import Enum

from loginsuite.mismatch import ManualMismatch, SiteUnreachable

NOT_APPLICABLE_PREFIX = "not applicable"

# Playwright/network errors that mean the site did not answer, when they escape a page object.
_NETWORK_MARKERS = (
    "net::ERR_", "ERR_CONNECTION", "ERR_NAME_NOT_RESOLVED", "ERR_TIMED_OUT", "ERR_SSL", "ERR_CERT",
    "ERR_EMPTY_RESPONSE", "ERR_CONNECTION_RESET", "Timeout", "ECONNRESET", "ECONNREFUSED",
)


class Verdict(str, Enum):
    OK = "OK"
    DRIFT = "DRIFT"
    UNREACHABLE = "UNREACHABLE"
    NOT_APPLICABLE = "N.A."
    SKIPPED = "SKIPPED"
    ERROR = "ERROR"  # the suite itself broke: neither the site's nor the manual's fault


def classify_exception(exc: BaseException | None) -> Verdict:
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
