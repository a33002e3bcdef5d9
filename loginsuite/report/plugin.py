"""The report's pytest plugin: pytest-html extended through its hooks, fed from the walks' stash.

Workers (or the single process) turn each test's ``WalkRecord`` and exception into a
``TestOutcome`` on its teardown report; the controller collects them and writes the coverage matrix,
failures, proposed revisions, results.json and revisions.md. Knows nothing of pages/: screen objects
and steps arrive through the ``pytest_bizd_step_screenshot`` hook and are used duck-typed.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from loginsuite import secrets
from loginsuite.classify import classify
from loginsuite.mismatch import ManualMismatch, SiteUnreachable
from loginsuite.report import failures, header, matrix, results_json, revisions, shots
from loginsuite.report.markup import STYLE, anchor, base64_file, text
from loginsuite.report.records import ATTRIBUTE, Finding, TestOutcome, complete_checks, walk_from_params
from loginsuite.results import CHECKS, WALK_KEY, WalkRecord

RUN_DIR_ENV = "BIZD_RUN_DIR"
PREVIOUS_RUN_ENV = "BIZD_PREVIOUS_RUN"
REVISIONS_FILE = "revisions.md"

SHOTS_KEY = pytest.StashKey[shots.ShotSettings]()
_PHASE_KEY = pytest.StashKey["_Phase"]()
_SCREEN_KEY = pytest.StashKey[Any]()  # the last screen a step was shot on: its secret fields mask the failure shot
_SHOT_CHECKS_KEY = pytest.StashKey[dict[str, str]]()  # check → its last numbered screenshot


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bizd-report", "Business d Account verification report")
    group.addoption("--run-dir", default=os.environ.get(RUN_DIR_ENV) or None, metavar="DIR",
                    help="run folder: numbered screenshots (shots/), results.json and revisions.md go here "
                         f"[env {RUN_DIR_ENV}; set by 'python -m loginsuite run']")
    group.addoption("--shots-dir", default=None, metavar="DIR",
                    help="take numbered screenshots into DIR (default: <run folder>/shots; "
                         "no screenshots without either)")
    group.addoption("--previous-run", default=os.environ.get(PREVIOUS_RUN_ENV) or None, metavar="RUN",
                    help="a previous run folder or results.json: the report starts with what changed since "
                         f"[env {PREVIOUS_RUN_ENV}; set by 'python -m loginsuite run']")


def _output_folder(config: pytest.Config) -> Path | None:
    """Where results.json and revisions.md go: the run folder, else next to the HTML report."""
    run_dir = config.getoption("--run-dir")
    if run_dir:
        return Path(run_dir).absolute()
    html = config.getoption("htmlpath", None)
    return Path(html).absolute().parent if html else None


def _check_timeout(config: pytest.Config) -> float:
    try:
        from loginsuite.plugin import settings

        return settings(config).check_timeout
    except (KeyError, ImportError):
        return 3000


def pytest_configure(config: pytest.Config) -> None:
    run_dir, shots_dir = config.getoption("--run-dir"), config.getoption("--shots-dir")
    folder = Path(shots_dir) if shots_dir else (Path(run_dir) / "shots" if run_dir else None)
    config.stash[SHOTS_KEY] = shots.ShotSettings(folder.absolute() if folder else None, _check_timeout(config))
    if not hasattr(config, "workerinput"):  # the controller (or the only process) writes the report
        config.pluginmanager.register(ReportCollector(config), "bizd-report-collector")


# -- in the process that runs the test (an xdist worker, or the only one) -------------------------------
def pytest_bizd_step_screenshot(item: pytest.Item, page: Any, step: Any, screen: Any, caption: str,
                                record: WalkRecord) -> None:
    settings = item.config.stash.get(SHOTS_KEY, None)
    if settings is None or settings.folder is None:
        return
    item.stash[_SCREEN_KEY] = screen
    case = record.entry_id or record.service_id
    try:
        path = shots.take_step_shot(settings, page, step, screen, caption, case, [p for _, p in record.screenshots])
    except Exception as exc:  # noqa: BLE001 (a screenshot must never decide a walk)
        item.add_report_section("call", "bizd screenshot", f"{caption}: not taken ({exc})")
        return
    record.screenshots.append((caption, str(path)))
    # The walk records a check when it ends: the first column not yet recorded is the one under way.
    under_way = next((c for c in CHECKS if c not in record.checks), None)
    if under_way:
        item.stash.setdefault(_SHOT_CHECKS_KEY, {})[under_way] = str(path)


@dataclass
class _Phase:
    """The deciding phase (call, or a setup that did not pass), kept until the teardown report."""

    outcome: str
    verdict: str
    message: str
    exc: BaseException | None = None
    finding: Finding | None = None
    failure_shot: str | None = None
    browser: str | None = None
    notes: list[str] = field(default_factory=list)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr or "")
    return reason.removeprefix("Skipped: ")


def _failure_message(exc: BaseException | None, report: pytest.TestReport) -> str:
    if isinstance(exc, ManualMismatch):
        return exc.message
    if exc is not None:
        lines = (str(exc) or type(exc).__name__).strip().splitlines()
        return f"{type(exc).__name__}: " + "\n".join(lines[:6]) if not isinstance(exc, SiteUnreachable) else lines[0]
    return report.longreprtext.strip().splitlines()[-1] if report.longreprtext.strip() else ""


def _browser(item: pytest.Item) -> str | None:
    page = getattr(item, "funcargs", {}).get("page")
    try:
        browser = page.context.browser  # type: ignore[union-attr]
        return f"{browser.browser_type.name} {browser.version}" if browser else None
    except Exception:  # noqa: BLE001 (not a Playwright page, or already closed)
        return None


def _phase(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> _Phase:
    exc = call.excinfo.value if call.excinfo and report.failed else None
    outcome = "failed" if report.outcome == "rerun" else report.outcome
    reason = _skip_reason(report) if report.skipped else ""
    message = secrets.mask(reason if report.skipped else _failure_message(exc, report) if report.failed else "")
    phase = _Phase(outcome, classify(outcome, exc, reason).value, message, exc,
                   Finding.from_exception(exc), browser=_browser(item))
    settings = item.config.stash.get(SHOTS_KEY, None)
    page = getattr(item, "funcargs", {}).get("page")
    if report.failed and settings is not None and settings.folder is not None and page is not None:
        walk = item.stash.get(WALK_KEY, None)
        case = (walk.entry_id or walk.service_id) if walk else re.sub(r"\W+", "-", item.name)
        f = phase.finding
        text_on_shot = (failures.banner(case, f.step, f.check, f.expected, f.problem) if f
                        else f"{case}: {message.splitlines()[0] if message else 'failed'}")
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
                       secrets.mask(_failure_message(exc, report)), exc, Finding.from_exception(exc))
    walk = item.stash.get(WALK_KEY, None)
    if walk is None:
        walk = walk_from_params(getattr(getattr(item, "callspec", None), "params", {}))
    if walk is not None:
        complete_checks(walk, phase.outcome, phase.exc, phase.message)
        shot_by_check = item.stash.get(_SHOT_CHECKS_KEY, {})
        for name, record in walk.checks.items():
            if record.screenshot is None:
                record.screenshot = (phase.failure_shot if record.status == "failed" and phase.failure_shot
                                     else shot_by_check.get(name))
            record.message = secrets.mask(record.message)
    return TestOutcome(item.nodeid, phase.outcome, phase.verdict, phase.message, walk, phase.finding,
                       phase.failure_shot, phase.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    result = yield
    report: pytest.TestReport = result.get_result()
    if report.when == "setup":
        for key in (_PHASE_KEY, _SHOT_CHECKS_KEY, _SCREEN_KEY):  # a rerun starts afresh
            if key in item.stash:
                del item.stash[key]
    if report.when == "call" or (report.when == "setup" and not report.passed):
        item.stash[_PHASE_KEY] = _phase(item, call, report)
        for note in item.stash[_PHASE_KEY].notes:
            report.sections.append(("bizd report", note))
    elif report.when == "teardown":
        # A report attribute, not user_properties: xdist carries both, but JUnit XML would print these.
        setattr(report, ATTRIBUTE, _outcome(item, report, call).to_json())


# -- in the process that writes the report (the xdist controller, or the only one) ----------------------
class ReportCollector:
    """Collects every test's outcome and writes the report's sections and the run folder's files."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.outcomes: dict[str, TestOutcome] = {}
        self.durations: dict[str, float] = {}
        self.anchored: set[str] = set()
        self.info: header.RunInfo | None = None
        self.folder = _output_folder(config)
        html = config.getoption("htmlpath", None)
        self.html_path = Path(config.invocation_params.dir, os.path.expandvars(html)).expanduser() if html else None
        self.revisions: list[revisions.Revision] = []
        self.results: dict[str, Any] | None = None
        self.comparison_block = ""
        self.written: list[Path] = []

    # -- run metadata -----------------------------------------------------------------------------
    def _flows(self) -> Any | None:
        try:
            from loginsuite.plugin import flows

            return flows(self.config)
        except (KeyError, ImportError):
            return None

    def _target(self) -> tuple[str, str]:
        try:
            from loginsuite.plugin import settings

            s = settings(self.config)
        except (KeyError, ImportError):
            return "unknown", "the suite's plugin is not loaded"
        detail = s.host_map.address if s.host_map else ("the real sites" if s.live else "embedded mock")
        return s.target, detail

    def _metadata(self) -> dict[str, Any] | None:
        try:
            from pytest_metadata.plugin import metadata_key
        except ImportError:
            return None
        return self.config.stash.get(metadata_key, None)

    def _update_metadata(self) -> None:
        metadata = self._metadata()
        if metadata is None or self.info is None:
            return
        metadata.update(header.metadata_entries(self.info))
        header.redact(metadata, self.config.getini("environment_table_redact_list"))

    @pytest.hookimpl(tryfirst=True)  # before pytest-html copies the metadata into its Environment table
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        flows = self._flows()
        manual = flows.manual if flows is not None else None
        target, detail = self._target()
        if manual is None:
            self.info = header.RunInfo("(flows not loaded)", "?", "?", target, detail, header.suite_version(),
                                       "", dt.datetime.now().astimezone())
        else:
            self.info = header.run_info(manual, target, detail)
        self._update_metadata()

    def pytest_html_report_title(self, report: Any) -> None:
        if self.info:
            report.title = header.title(self.info)

    # -- per test -----------------------------------------------------------------------------------
    def _trace(self, report: pytest.TestReport) -> str | None:
        for name, value in report.user_properties:
            if name == "playwright_trace":
                return str(Path(self.config.invocation_params.dir, str(value)))
        return None

    def _link(self, path: str) -> str:
        base = self.html_path.parent if self.html_path else Path.cwd()
        return Path(os.path.relpath(path, base)).as_posix()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        nodeid = report.nodeid
        if report.when == "setup":
            self.durations[nodeid] = 0.0  # a rerun's attempt starts afresh
        self.durations[nodeid] = self.durations.get(nodeid, 0.0) + report.duration
        payload = getattr(report, ATTRIBUTE, None)
        if report.when != "teardown" or payload is None:
            return
        outcome = TestOutcome.from_json(payload)
        outcome.duration = self.durations.get(nodeid, 0.0)
        outcome.trace = self._trace(report)
        self.outcomes[nodeid] = outcome
        if self.info and outcome.browser:
            self.info.browsers.add(outcome.browser)
        if self.html_path is not None and report.outcome != "rerun":
            report.extras = [*getattr(report, "extras", []), *self._extras(outcome)]  # type: ignore[attr-defined]

    def _extras(self, outcome: TestOutcome) -> list[dict[str, Any]]:
        html_plugin = self.config.pluginmanager.getplugin("html")
        if html_plugin is None:
            return []
        extras: list[dict[str, Any]] = []
        if outcome.failing:
            trace = self._link(outcome.trace) if outcome.trace else None
            extras.append(html_plugin.extras.html(failures.failure_html(outcome, trace)))
        images = ([("failure (secrets masked)", outcome.failure_shot)] if outcome.failure_shot else [])
        images += outcome.walk.screenshots if outcome.walk else []
        for caption, path in images:
            content = base64_file(path)
            if content:
                extras.append(html_plugin.extras.png(content, name=secrets.mask(caption)))
        return extras

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        cells.insert(1, '<th class="sortable" data-column-type="case">Service / entry</th>')
        cells.insert(2, '<th class="sortable" data-column-type="verdict">Class</th>')

    def pytest_html_results_table_row(self, report: Any, cells: list[str]) -> None:
        nodeid = report.nodeid
        outcome = self.outcomes.get(nodeid)
        when = getattr(report, "when", "collect")
        id_attr = ""
        if nodeid not in self.anchored and (when == "call" or report.outcome != "passed"):
            self.anchored.add(nodeid)
            id_attr = f' id="{anchor(nodeid)}"'
        label = verdict = ""
        if outcome is not None:
            verdict = outcome.verdict
            if outcome.walk is not None:
                walk = outcome.walk
                label = f"{walk.service} {walk.entry_label}".strip() + f" [{outcome.case}]"
        cells.insert(1, f'<td class="col-case"{id_attr}>{text(label)}</td>')
        cells.insert(2, f'<td class="col-verdict verdict {text(verdict)}">{text(verdict)}</td>')

    # -- the end ------------------------------------------------------------------------------------
    def _finish(self) -> None:
        """Build the run's results once (the summary hook and sessionfinish both need them)."""
        if self.results is not None or self.info is None:
            return
        self.info.finished = dt.datetime.now().astimezone()
        outcomes = list(self.outcomes.values())
        flows = self._flows()
        self.revisions = revisions.collect(outcomes, flows)
        self.results = results_json.build(outcomes, self.info, self.revisions, flows, self.folder)
        previous = self.config.getoption("--previous-run")
        if previous:
            from loginsuite.compare import compare
            from loginsuite.report.results_json import ResultsError, load

            try:
                comparison = compare(load(previous), self.results, str(previous), "this run")
                self.comparison_block = header.comparison_html(comparison)
            except ResultsError as exc:
                self.comparison_block = (f'<div class="bizd-section bizd-compare" id="bizd-compare">'
                                         f"<p>No comparison with the previous run: {text(exc)}</p></div>")
        self._update_metadata()

    def pytest_html_results_summary(self, prefix: list[str], summary: list[str], postfix: list[str],
                                    session: pytest.Session) -> None:
        self._finish()
        if self.info is None:
            return
        outcomes = list(self.outcomes.values())
        # The matrix first: the run's facts are in the Environment table above, the comparison (short,
        # only with a previous run) is what changed, and the revisions follow the matrix.
        prefix.append(STYLE + header.walks_line(matrix.verdict_counts(outcomes)) + self.comparison_block
                      + matrix.matrix_html(outcomes, self._flows()))
        summary.append(revisions.revisions_html(self.revisions))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        self._finish()
        if self.folder is not None and self.results is not None and self.info is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.written.append(results_json.write(self.folder / results_json.FILENAME, self.results))
            md = self.folder / REVISIONS_FILE
            md.write_text(revisions.markdown(self.revisions, self.info, self.folder), encoding="utf-8")
            self.written.append(md)
        yield  # pytest-html writes the report here (its sessionfinish is trylast)
        if self.html_path is not None and self.html_path.is_file():
            _drop_external_link(self.html_path)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for path in self.written:
            terminalreporter.write_sep("-", f"bizd: {path}")
        if self.written or self.html_path is not None:
            terminalreporter.write_line(f"bizd: {len(self.revisions)} revision(s) of the manual proposed")


# pytest-html's template credits itself with a link to PyPI: the only external reference of a
# report that must open offline and leak nothing to other hosts.
_PYPI_LINK = re.compile(r'<a href="https://pypi\.python\.org/pypi/pytest-html">(pytest-html)</a>')


def _drop_external_link(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    cleaned = _PYPI_LINK.sub(r"\1", html)
    if cleaned != html:
        path.write_text(cleaned, encoding="utf-8")
