"""A test's outcome as the report receives it: every column filled, the class of each check, and a
JSON round trip (what pytest-xdist carries from worker to controller)."""
from __future__ import annotations

from loginsuite.classify import Verdict
from loginsuite.i18n import _
from loginsuite.mismatch import CheckRecord, ManualMismatch, Where
from loginsuite.report.records import Finding, TestOutcome, complete_checks
from loginsuite.results import CHECKS, WalkRecord


def _walk() -> WalkRecord:
    return WalkRecord("newspicks", "NewsPicks+d プレミアム会員", "newspicks", "", 12)


def test_checks_after_the_failing_one_are_marked_not_reached() -> None:
    walk = _walk()
    walk.record(CheckRecord("url", "passed"))
    walk.record(CheckRecord("screen", "failed", "not shown"))
    mismatch = ManualMismatch(Where("NewsPicks", 12, "①", "screen"), "button 「ログイン」", "not shown")
    complete_checks(walk, "failed", mismatch, mismatch.message)
    assert list(walk.checks) == list(CHECKS)
    assert walk.checks["screen"].step == "①"
    not_reached = _("not reached: the walk stopped at {check} ({key})").split("{")[0]
    assert all(walk.checks[c].status == "skipped" and walk.checks[c].message.startswith(not_reached)
               for c in CHECKS[2:])


def test_a_failure_outside_any_check_lands_on_the_check_it_names() -> None:
    walk = _walk()
    walk.record(CheckRecord("url", "passed"))
    mismatch = ManualMismatch(Where("NewsPicks", 6, "④", "two_step"), "a security code email", "none came")
    complete_checks(walk, "failed", mismatch, mismatch.message)
    assert walk.checks["two_step"].status == "failed" and walk.checks["two_step"].step == "④"
    assert walk.checks["screen"].status == "skipped"


def test_a_skipped_walk_gives_its_reason_to_every_unrecorded_check() -> None:
    walk = _walk()
    complete_checks(walk, "skipped", None, "no value configured for company_code")
    assert {c.message for c in walk.checks.values()} == {"no value configured for company_code"}


def test_outcome_survives_json_and_classifies_each_check() -> None:
    walk = _walk()
    walk.record(CheckRecord("url", "passed"))
    walk.record(CheckRecord("screen", "failed", "gone", step="①", screenshot="/run/shots/x.png"))
    walk.record(CheckRecord("consent", "not_applicable", "not documented"))
    walk.record(CheckRecord("id", "skipped", "--no-sign-in"))
    walk.screenshots.append(("NewsPicks ①", "/run/shots/newspicks-top-1.png"))
    outcome = TestOutcome("t.py::walk[newspicks]", "failed", "DRIFT", "msg", walk,
                          Finding("NewsPicks", 12, "①", "screen", "button 「ログイン」", "not shown", nearest=["会員登録"]))
    again = TestOutcome.from_json(outcome.to_json())
    assert again == outcome
    assert again.walk is not None
    verdicts = {name: again.check_verdict(record) for name, record in again.walk.checks.items()}
    assert verdicts == {"url": Verdict.OK, "screen": Verdict.DRIFT, "consent": Verdict.NOT_APPLICABLE,
                        "id": Verdict.SKIPPED}


def test_a_mismatch_on_a_shared_screen_keeps_the_screen_it_was_seen_on() -> None:
    mismatch = ManualMismatch(Where("dX電子契約", 6, "②", "id"), "button 「次へ」", "not shown",
                              screen="bizd.id", shared=True)
    finding = Finding.from_exception(mismatch)
    assert finding is not None and (finding.screen, finding.shared) == ("bizd.id", True)
    again = TestOutcome.from_json(TestOutcome("t", "failed", "DRIFT", finding=finding).to_json())
    assert again.finding == finding
