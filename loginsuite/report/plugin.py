"""The report's pytest plugin: pytest-html extended through its hooks, fed from the walks' stash.

Options, and the hooks of the process that runs a test (an xdist worker, or the only one): it takes
the numbered screenshots and turns each test's ``WalkRecord`` and exception into a ``TestOutcome``
on its teardown report. ``collector.ReportCollector`` (registered here on the controller) writes the
report. Knows nothing of pages/: screen objects and steps arrive through the
``pytest_bizd_step_screenshot`` hook and are used duck-typed.
"""
from __future__ import annotations

import os
import re
from collections.abc import Generator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from loginsuite import baseline, runstate, secrets
from loginsuite.classify import Verdict, classify, classify_walk
from loginsuite.flows.model import CIRCLED
from loginsuite.i18n import _
from loginsuite.mismatch import ManualMismatch, SiteUnreachable
from loginsuite.report import capture, failures, glyphs, shots
from loginsuite.report.records import ATTRIBUTE, Finding, TestOutcome, complete_checks, walk_from_params
from loginsuite.results import CHECKS, TITLE_KEY, WALK_KEY, WalkRecord

RUN_DIR_ENV = "BIZD_RUN_DIR"
PREVIOUS_RUN_ENV = "BIZD_PREVIOUS_RUN"

SHOTS_KEY = pytest.StashKey[shots.ShotSettings]()
_PHASE_KEY = pytest.StashKey["_Phase"]()
_SCREEN_KEY = pytest.StashKey[Any]()  # the last screen a step was shot on: its secret fields mask the failure shot
_SHOT_CHECKS_KEY = pytest.StashKey[dict[str, str]]()  # check → its last numbered screenshot
BASELINE_KEY = pytest.StashKey[baseline.Baseline]()


@dataclass
class Procedure:
    """A documented procedure a test follows that is not one entry's walk (an appendix procedure, the
    invitation, a negative path): the manual's name for it, its documented URL, its numbered screenshots
    (under file names of its own, so they never replace a documented walk's; never compared with the
    approved screens, which are the documented walks')."""

    title: str
    url: str | None
    case: str
    screenshots: list[tuple[str, str]] = field(default_factory=list)


PROCEDURE_KEY = pytest.StashKey[Procedure]()


def _procedure_case(item: pytest.Item) -> str:
    """The test's name as a file name: ``documented_error_is_shown_for_its_cause-1`` (its ① → 1; the
    browser's name left out)."""
    name, _bracket, params = item.name.removeprefix("test_").partition("[")
    parts = [p for p in params.rstrip("]").split("-") if p and p != "chromium"]
    name = "-".join([name, *parts])
    for index, circled in enumerate(CIRCLED):  # pytest writes ① as \u2460 in ids
        name = name.replace(circled, str(index + 1)).replace(f"\\u{ord(circled):04x}", str(index + 1))
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "procedure"


def record_procedure(item: pytest.Item, title: str, url: str | None = None) -> Procedure:
    """Say which documented procedure ``item`` follows; its step screenshots (the step hook with no walk
    record) go to this procedure's row of the matrix."""
    procedure = Procedure(title, str(url) if url else None, _procedure_case(item))
    item.stash[PROCEDURE_KEY] = procedure
    return procedure


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bizd-report", "Business d Account verification report")
    group.addoption("--run-dir", default=os.environ.get(RUN_DIR_ENV) or None, metavar="DIR",
                    help="run folder: numbered screenshots (shots/), results.json and revisions.md go here "
                         f"[env {RUN_DIR_ENV}; set by 'python -m loginsuite run']")
    group.addoption("--shots-dir", default=None, metavar="DIR",
                    help="take numbered screenshots into DIR (default: <run folder>/shots; "
                         "no screenshots without either)")
    group.addoption("--step-shots", choices=["all", "needed"], default="all",
                    help="all: a numbered screenshot before every documented step (the main job's report); "
                         "needed: only of the steps whose screen has an approved picture to compare with, "
                         "a failure gets its own either way (the nightly) [%(default)s]")
    group.addoption("--baselines", default=None, metavar="DIR",
                    help="approved screens: compare each screen with DIR/<edition>/ (written only by "
                         f"'python -m loginsuite approve RUN') [env {baseline.BASELINES_ENV}; default: baselines/]")
    group.addoption("--previous-run", default=os.environ.get(PREVIOUS_RUN_ENV) or None, metavar="RUN",
                    help="a previous run folder or results.json: the report starts with what changed since "
                         f"[env {PREVIOUS_RUN_ENV}; set by 'python -m loginsuite run']")


def _suite(config: pytest.Config) -> tuple[float, bool, str]:
    """The check timeout, whether the account ID is a secret in pictures (not on the mock), the target."""
    try:
        from loginsuite.plugin import settings

        suite = settings(config)
    except (KeyError, ImportError):
        return 3000, True, "unknown"
    return suite.check_timeout, suite.live or suite.host_map is not None, suite.target


def approved_screens(config: pytest.Config) -> baseline.Baseline | None:
    """The current edition's approved screens, read once (None without flows: nothing names the edition)."""
    if BASELINE_KEY not in config.stash:
        try:
            from loginsuite.plugin import flows

            edition = flows(config).manual.version
        except (KeyError, ImportError):
            return None
        config.stash[BASELINE_KEY] = baseline.Baseline(baseline.baselines_root(config.getoption("--baselines")),
                                                       str(edition))
    return config.stash[BASELINE_KEY]


_RESTORE_SIGNALS = pytest.StashKey[Any]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RESTORE_SIGNALS] = runstate.install_signal_handlers()
    run_dir, shots_dir = config.getoption("--run-dir"), config.getoption("--shots-dir")
    folder = Path(shots_dir) if shots_dir else (Path(run_dir) / "shots" if run_dir else None)
    timeout, hide_account_id, target = _suite(config)
    config.stash[SHOTS_KEY] = shots.ShotSettings(folder.absolute() if folder else None, timeout, hide_account_id,
                                                 target, every_step=config.getoption("--step-shots") == "all")

    if not hasattr(config, "workerinput"):  # the controller (or the only process) writes the report
        if folder is not None and not config.option.collectonly:
            _require_japanese(config)
        from loginsuite.report.collector import ReportCollector

        config.pluginmanager.register(ReportCollector(config), "bizd-report-collector")


def pytest_unconfigure(config: pytest.Config) -> None:
    restore = config.stash.get(_RESTORE_SIGNALS, None)
    if restore is not None:
        restore()


def _require_japanese(config: pytest.Config) -> None:
    """Screenshots are for a Japanese manual: where Chromium draws Japanese as boxes the run stops
    before any walk, saying which font to install. Measured once per run, before workers start."""
    try:
        from loginsuite.plugin import settings

        suite = settings(config)
        chromium, remote = suite.chromium, suite.remote_browser
    except (KeyError, ImportError):
        chromium = remote = None
    missing = glyphs.browser_missing_glyphs(chromium, remote)
    if missing:
        raise pytest.UsageError(glyphs.refusal(missing))


# -- in the process that runs the test (an xdist worker, or the only one) -------------------------------
def pytest_bizd_step_screenshot(item: pytest.Item, page: Any, step: Any, screen: Any, caption: str,
                                record: WalkRecord) -> None:
    settings = item.config.stash.get(SHOTS_KEY, None)
    if settings is None or settings.folder is None:
        return
    item.stash[_SCREEN_KEY] = screen
    if record is None:  # a procedure that is not one entry's walk
        _procedure_shot(item, settings, page, step, screen, caption)
        return
    case = record.entry_id or record.service_id
    taken = [p for _, p in record.screenshots]
    if not settings.every_step and not _compared(item.config, case, shots.shot_path(settings.folder, case, step, taken)):
        return  # ~0.5 s a picture: only where the report shows it (a failure's own, a screen to compare)
    try:
        path = shots.take_step_shot(settings, page, step, screen, caption, case, taken)
    except Exception as exc:  # noqa: BLE001 (a screenshot must never decide a walk)
        item.add_report_section("call", "bizd screenshot", f"{caption}: not taken ({exc})")
        return
    record.screenshots.append((caption, str(path)))
    # The walk records a check when it ends: the first column not yet recorded is the one under way.
    under_way = next((c for c in CHECKS if c not in record.checks), None)
    if under_way:
        item.stash.setdefault(_SHOT_CHECKS_KEY, {})[under_way] = str(path)
    try:
        seen = capture.capture(page, path, case, record.service_id, step, screen, caption, settings.target,
                               shots.hidden_values(settings))
        approved = approved_screens(item.config)
        if approved is not None:
            check = approved.check(seen, path)
            record.screens.append({**asdict(check), "check": under_way, "message": check.message})
    except Exception as exc:  # noqa: BLE001 (the comparison must never decide a walk)
        item.add_report_section("call", "bizd screen comparison", f"{caption}: not compared ({exc})")


def _procedure_shot(item: pytest.Item, settings: shots.ShotSettings, page: Any, step: Any, screen: Any,
                    caption: str) -> None:
    procedure = item.stash.get(PROCEDURE_KEY, None) or record_procedure(item, "")
    if not settings.every_step:
        return  # nothing to compare it with: only the main job's report shows it
    taken = [p for _, p in procedure.screenshots]
    try:
        path = shots.take_step_shot(settings, page, step, screen, caption, procedure.case, taken)
    except Exception as exc:  # noqa: BLE001 (a screenshot must never decide a walk)
        item.add_report_section("call", "bizd screenshot", f"{caption}: not taken ({exc})")
        return
    procedure.screenshots.append((caption, str(path)))


def _compared(config: pytest.Config, case: str, shot: Path) -> bool:
    """Whether the screen this shot would show has an approved picture of this target to compare with."""
    approved = approved_screens(config)
    return approved is not None and approved.compares(baseline.screen_key(case, shot), _suite(config)[2])


@dataclass
class _Phase:
    """The deciding phase (call, or a setup that did not pass), kept until the teardown report."""

    outcome: str
    verdict: str
    message: str
    reason: str = ""  # the skip reason
    exc: BaseException | None = None
    finding: Finding | None = None
    failure_shot: str | None = None
    browser: str | None = None
    notes: list[str] = field(default_factory=list)
    stopped: bool = False  # failed because the run was stopping or the browser closed: ERROR, whatever raised


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr or "")
    return reason.removeprefix("Skipped: ")


def _failure_message(exc: BaseException | None, report: pytest.TestReport) -> str:
    if isinstance(exc, ManualMismatch):
        return exc.message
    if isinstance(exc, SiteUnreachable):
        return str(exc)
    if exc is not None:  # an assertion or an error of the suite: its first lines say enough
        lines = (str(exc) or type(exc).__name__).strip().splitlines()
        return f"{type(exc).__name__}: " + "\n".join(lines[:6])
    text = report.longreprtext.strip()
    return text.splitlines()[-1] if text else ""


def _browser(item: pytest.Item) -> str | None:
    page = getattr(item, "funcargs", {}).get("page")
    try:
        browser = page.context.browser  # type: ignore[union-attr]
        return f"{browser.browser_type.name} {browser.version}" if browser else None
    except Exception:  # noqa: BLE001 (not a Playwright page, or already closed)
        return None


def _browser_gone(item: pytest.Item) -> bool:
    """The walk's page or browser is closed: whatever failed then says nothing about the site."""
    page = getattr(item, "funcargs", {}).get("page")
    if page is None:
        return False
    try:
        browser = page.context.browser
        return bool(page.is_closed() or (browser is not None and not browser.is_connected()))
    except Exception:  # noqa: BLE001 (the connection to the browser is gone)
        return True


def _phase(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> _Phase:
    exc = call.excinfo.value if call.excinfo and report.failed else None
    outcome = "failed" if report.outcome == "rerun" else report.outcome
    reason = _skip_reason(report) if report.skipped else ""
    message = secrets.mask(reason if report.skipped else _failure_message(exc, report) if report.failed else "")
    if report.failed and (runstate.stopping() or _browser_gone(item)):
        # Stopping closes the browser under a walk: its failure is the suite's (ERROR), never a
        # drift, and proposes nothing.
        why = (_("the run was stopping ({signal})").format(signal=runstate.stopping()) if runstate.stopping()
               else _("the browser closed during the walk"))
        return _Phase(outcome, Verdict.ERROR.value, f"{why}: {message.splitlines()[0] if message else ''}".strip(),
                      reason, exc, None, browser=_browser(item), stopped=True)
    phase = _Phase(outcome, classify(outcome, exc, reason).value, message, reason, exc,
                   Finding.from_exception(exc), browser=_browser(item))
    settings = item.config.stash.get(SHOTS_KEY, None)
    page = getattr(item, "funcargs", {}).get("page")
    if report.failed and settings is not None and settings.folder is not None and page is not None:
        walk = item.stash.get(WALK_KEY, None)
        case = (walk.entry_id or walk.service_id) if walk else re.sub(r"\W+", "-", item.name)
        f = phase.finding
        text_on_shot = (failures.banner(case, f.step, f.check, f.expected, f.problem) if f
                        else f"{case}: {message.splitlines()[0] if message else _('failed')}")
        try:
            marks = shots.nearest_marks(page, f.nearest, f.step) if f else []
            phase.failure_shot = str(shots.take_failure_shot(settings, page, case, secrets.mask(text_on_shot),
                                                             item.stash.get(_SCREEN_KEY, None), marks))
        except Exception as shot_error:  # noqa: BLE001 (a closed page must not hide the real failure)
            phase.notes.append(f"failure screenshot not taken: {shot_error}")
    return phase


def _outcome(item: pytest.Item, report: pytest.TestReport, call: pytest.CallInfo[None]) -> TestOutcome:
    phase = item.stash.get(_PHASE_KEY, None) or _Phase("passed", "OK", "")
    if report.failed and phase.outcome != "failed":  # a teardown error after a passing call
        exc = call.excinfo.value if call.excinfo else None
        phase = _Phase("failed", classify("failed", exc).value,
                       secrets.mask(_failure_message(exc, report)), "", exc, Finding.from_exception(exc))
    walk = item.stash.get(WALK_KEY, None)
    if walk is None:
        walk = walk_from_params(getattr(getattr(item, "callspec", None), "params", {}))
    verdict = phase.verdict
    if walk is not None and not phase.stopped:
        # The nightly's rule: a walk stopped on purpose (at the ID screen) is OK for what it checked.
        verdict = classify_walk(phase.outcome, phase.exc, phase.reason,
                                {name: c.status for name, c in walk.checks.items()}).value
        if verdict == Verdict.OK.value and walk.is_stale:
            verdict = Verdict.STALE.value  # the path works; a screen differs from the manual's or the approved one
    if walk is not None:
        complete_checks(walk, phase.outcome, phase.exc, phase.message)
        shot_by_check = item.stash.get(_SHOT_CHECKS_KEY, {})
        for name, record in walk.checks.items():
            if record.screenshot is None:
                record.screenshot = (phase.failure_shot if record.status == "failed" and phase.failure_shot
                                     else shot_by_check.get(name))
            record.message = secrets.mask(record.message)
    procedure = item.stash.get(PROCEDURE_KEY, None)
    # A procedure's row is named in the manual's words: the test's own (``titled``), else its procedure's.
    named = item.stash.get(TITLE_KEY, None) or (procedure.title if procedure else "")
    return TestOutcome(item.nodeid, phase.outcome, verdict, phase.message, walk, phase.finding,
                       phase.failure_shot, phase.browser, title=named or _docstring_title(item),
                       procedure_title=named,
                       url=procedure.url if procedure else None,
                       screenshots=list(procedure.screenshots) if procedure else [])


def _docstring_title(item: pytest.Item) -> str:
    """A test that names itself in no manual words: its docstring's first line, else its name."""
    doc = (getattr(getattr(item, "function", None), "__doc__", None) or "").strip()
    return doc.splitlines()[0] if doc else item.name.split("[")[0].removeprefix("test_").replace("_", " ")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    result = yield
    report: pytest.TestReport = result.get_result()
    if report.when == "setup" and _PHASE_KEY in item.stash:
        # A rerun starts afresh. (Only a rerun: a walk started ahead of its setup may have shot a step.)
        for key in (_PHASE_KEY, _SHOT_CHECKS_KEY, _SCREEN_KEY, PROCEDURE_KEY):
            if key in item.stash:
                del item.stash[key]
    if report.when == "call" or (report.when == "setup" and not report.passed):
        item.stash[_PHASE_KEY] = _phase(item, call, report)
        for note in item.stash[_PHASE_KEY].notes:
            report.sections.append(("bizd report", note))
    elif report.when == "teardown":
        # A report attribute, not user_properties: xdist carries both, but JUnit XML would print these.
        setattr(report, ATTRIBUTE, _outcome(item, report, call).to_json())
