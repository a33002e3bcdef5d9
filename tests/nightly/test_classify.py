"""The nightly classes: what the night says of each walk and each check, and when it fails."""
from __future__ import annotations

import pytest

from loginsuite.classify import (
    Verdict,
    classify,
    classify_check,
    classify_exception,
    classify_walk,
    nightly_exit_status,
    worst,
)
from loginsuite.mismatch import ManualMismatch, SiteUnreachable, Where

WHERE = Where("dX電子契約", 16, "①", "entry")


def drift() -> ManualMismatch:
    return ManualMismatch(WHERE, expected="button 「ビジネスdアカウントでログイン」", problem="not shown")


@pytest.mark.parametrize(
    ("exc", "verdict"),
    [
        (None, Verdict.OK),
        (drift(), Verdict.DRIFT),
        (SiteUnreachable(WHERE, "https://www.cloudsign.jp/docomo", "HTTP 503"), Verdict.UNREACHABLE),
        (RuntimeError("Page.goto: net::ERR_CONNECTION_REFUSED at https://www.cloudsign.jp/docomo"), Verdict.UNREACHABLE),
        (RuntimeError("net::ERR_CERT_AUTHORITY_INVALID"), Verdict.UNREACHABLE),
        (AssertionError("Locator expected to be visible"), Verdict.DRIFT),
        (KeyError("fixture broke"), Verdict.ERROR),
    ],
    ids=["none", "mismatch", "http-503", "refused", "tls", "bare-assertion", "suite-bug"],
)
def test_exceptions_are_classified_by_type_then_network_text(exc: BaseException | None, verdict: Verdict) -> None:
    assert classify_exception(exc) is verdict


def test_a_not_applicable_skip_is_na_and_other_skips_are_skipped() -> None:
    assert classify("skipped", skip_reason="not applicable: まるごとビジネスサポート — no login") is Verdict.NOT_APPLICABLE
    assert classify("skipped", skip_reason="no credentials") is Verdict.SKIPPED


def test_a_walk_stopped_at_the_id_screen_is_ok_when_every_check_before_passed() -> None:
    checks = {"url": "passed", "screen": "passed", "entry": "passed", "id": "passed",
              "two_step": "skipped", "consent": "skipped", "signed_in": "skipped"}
    assert classify_walk("skipped", None, "--no-sign-in: stops at the ID screen", checks) is Verdict.OK


def test_a_walk_that_recorded_nothing_before_its_skip_stays_skipped() -> None:
    assert classify_walk("skipped", None, "no value configured", {}) is Verdict.SKIPPED
    assert classify_walk("skipped", None, "no value configured", {"url": "skipped"}) is Verdict.SKIPPED


def test_a_failed_walk_takes_its_exception_class() -> None:
    assert classify_walk("failed", drift(), "", {"url": "passed", "entry": "failed"}) is Verdict.DRIFT


def test_a_failed_check_carries_its_walks_class_and_the_rest_their_own() -> None:
    assert classify_check("failed", Verdict.UNREACHABLE) is Verdict.UNREACHABLE
    assert classify_check("failed", Verdict.OK) is Verdict.ERROR  # a failed check cannot be OK
    assert classify_check("passed", Verdict.DRIFT) is Verdict.OK
    assert classify_check("not_applicable", Verdict.OK) is Verdict.NOT_APPLICABLE
    assert classify_check("skipped", Verdict.OK) is Verdict.SKIPPED


def test_a_services_night_shows_its_worst_class() -> None:
    assert worst([Verdict.OK, Verdict.UNREACHABLE, Verdict.DRIFT]) is Verdict.DRIFT
    assert worst([Verdict.OK, Verdict.UNREACHABLE]) is Verdict.UNREACHABLE
    assert worst([Verdict.NOT_APPLICABLE, Verdict.OK]) is Verdict.OK
    assert worst([Verdict.OK, Verdict.SKIPPED]) is Verdict.OK  # stopped at the ID screen on purpose
    assert worst([Verdict.SKIPPED, Verdict.NOT_APPLICABLE]) is Verdict.SKIPPED
    assert worst([]) is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("status", "counts", "fail_on_unreachable", "expected"),
    [
        (0, {Verdict.OK: 3}, False, 0),
        (1, {Verdict.OK: 2, Verdict.DRIFT: 1}, False, 1),
        (1, {Verdict.OK: 2, Verdict.UNREACHABLE: 1}, False, 0),
        (1, {Verdict.OK: 2, Verdict.UNREACHABLE: 1}, True, 1),
        (1, {Verdict.UNREACHABLE: 1, Verdict.ERROR: 1}, False, 1),
        (5, {}, False, 5),  # nothing collected stays a failure
        (2, {Verdict.OK: 1}, False, 2),  # interrupted stays interrupted
    ],
    ids=["all-ok", "drift", "unreachable-warns", "unreachable-fails-when-asked", "suite-error", "none-collected",
         "interrupted"],
)
def test_drift_fails_the_night_and_unreachable_alone_only_warns(
    status: int, counts: dict[Verdict, int], fail_on_unreachable: bool, expected: int
) -> None:
    assert nightly_exit_status(status, counts, fail_on_unreachable) == expected
