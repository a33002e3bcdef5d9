"""The report's controller side: collects every test's outcome (from the xdist workers or this
process) and writes the matrix, failures and revisions into pytest-html's report, and results.json
and revisions.md into the run folder."""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from loginsuite import runstate, secrets
from loginsuite.i18n import N_, _, format_day, ngettext
from loginsuite.report import approved, failures, header, matrix, results_json, revisions, verified
from loginsuite.report.markup import SCRIPT, STYLE, anchor, base64_file, text
from loginsuite.report.records import ATTRIBUTE, TestOutcome

REVISIONS_FILE = "revisions.md"


def _output_folder(config: pytest.Config) -> Path | None:
    """Where results.json and revisions.md go: the run folder, else next to the HTML report."""
    run_dir = config.getoption("--run-dir")
    if run_dir:
        return Path(run_dir).absolute()
    html = config.getoption("htmlpath", None)
    return Path(html).absolute().parent if html else None



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
        self.total = self.finished = 0  # tests collected / reported (the console's walk lines count them)
        self.status = runstate.COMPLETE  # interrupted when SIGINT/SIGTERM (or Ctrl-C) stopped the session
        self._our_keys: set[str] = set()  # the Environment rows this collector wrote

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
            return "unknown", _("the suite's plugin is not loaded")
        detail = s.host_map.address if s.host_map else (_("the real sites") if s.live else _("embedded mock"))
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
        for key in [k for k in metadata if k in self._our_keys]:
            del metadata[key]  # this run's entries, named in the language of the last call
        entries = header.metadata_entries(self.info)
        self._our_keys = set(entries)
        header.localise_metadata(metadata)
        metadata.update(entries)
        header.redact(metadata, self.config.getini("environment_table_redact_list"))

    @pytest.hookimpl(tryfirst=True)  # before pytest-html copies the metadata into its Environment table
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        flows = self._flows()
        manual = flows.manual if flows is not None else None
        target, detail = self._target()
        if manual is None:
            self.info = header.RunInfo(_("(flows not loaded)"), "?", "?", target, detail, header.suite_version(),
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
        if report.outcome != "rerun":
            self._walk_line(outcome)

    def _walk_line(self, outcome: TestOutcome) -> None:
        """One console line per finished walk (quiet runs: the main job), for a person watching."""
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is None or self.config.get_verbosity() >= 0 or (self.folder is None and self.html_path is None):
            return  # a report run (the main job, the nightly) that is quiet
        walk = outcome.walk
        what = (f"{walk.service} · {walk.entry_id or walk.service_id}" if walk
                else outcome.title or outcome.nodeid.split("::")[-1])
        param = "-".join(p for p in outcome.nodeid.partition("[")[2].rstrip("]").split("-") if p != "chromium")
        if param.isascii():  # pytest escapes a non-ASCII parameter in the node id (\\u2460 for ①)
            param = param.encode().decode("unicode_escape")
        if walk is None and param and param not in (outcome.title or ""):
            what += f" [{param}]"
        self.finished += 1
        count = f"[{self.finished}/{self.total}] " if self.total else ""
        took = _("({seconds} s)").format(seconds=f"{outcome.duration:.1f}")
        terminal.write_line(f"{count}{outcome.verdict:<11} {secrets.mask(what)}  {took}")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.total = len(session.items)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config) -> Generator[None, Any, None]:
        """Quiet runs print the walk lines instead of pytest's progress letters."""
        result = yield
        status = result.get_result()
        reporting = self.folder is not None or self.html_path is not None
        if reporting and config.get_verbosity() < 0 and status and isinstance(status, tuple) and len(status) == 3:
            result.force_result((status[0], "", status[2]))

    def _extras(self, outcome: TestOutcome) -> list[dict[str, Any]]:
        html_plugin = self.config.pluginmanager.getplugin("html")
        if html_plugin is None:
            return []
        extras: list[dict[str, Any]] = []
        if outcome.failing:
            trace = self._link(outcome.trace) if outcome.trace else None
            extras.append(html_plugin.extras.html(failures.failure_html(outcome, trace)))
        compared = approved.screens_html(outcome.walk.screens) if outcome.walk else ""
        if compared:
            extras.append(html_plugin.extras.html(compared))
        # The walk's pictures are in its matrix row (once in the file); a test without a row keeps them here.
        if outcome.walk is None and outcome.failure_shot:
            content = base64_file(outcome.failure_shot)
            if content:
                extras.append(html_plugin.extras.png(content, name=_("failure (secrets masked)")))
        return extras

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        # pytest-html's own headings (Result, Test, Duration, Links) in the reader's language too. (Not its
        # result cells: their word is the key its filters and sorting read.)
        for index, cell in enumerate(cells):
            cells[index] = _HEADING.sub(lambda m: f">{text(_(m.group(1)))}<", cell)
        cells.insert(1, f'<th class="sortable" data-column-type="case">{text(_("Service / entry"))}</th>')
        cells.insert(2, f'<th class="sortable" data-column-type="verdict">{text(_("Class"))}</th>')

    def pytest_html_results_table_row(self, report: Any, cells: list[str]) -> None:
        nodeid = report.nodeid
        outcome = self.outcomes.get(nodeid)
        when = getattr(report, "when", "collect")
        id_attr = ""
        # The first row pytest-html shows for the test's last try: the one the matrix links to.
        if nodeid not in self.anchored and report.outcome != "rerun" and (when == "call" or report.outcome != "passed"):
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
        self.results["run"]["status"] = self.status
        self.results["services"] = self._last_verified(self.results)
        previous = self.config.getoption("--previous-run")
        if previous:
            from loginsuite.compare import compare
            from loginsuite.report.results_json import ResultsError, load

            try:
                comparison = compare(load(previous), self.results, str(previous), "this run")
                self.comparison_block = header.comparison_html(comparison)
            except ResultsError as exc:
                self.comparison_block = (f'<div class="bizd-section bizd-compare" id="bizd-compare">'
                                         f"<p>{text(_('No comparison with the previous run:'))} "
                                         f'<span class="bizd-data">{text(exc)}</span></p></div>')
        self._update_metadata()

    def _last_verified(self, results: dict[str, Any]) -> dict[str, Any]:
        from loginsuite.report.plugin import approved_screens

        reports = self.folder.parent if self.folder is not None else None
        found = approved_screens(self.config)
        return verified.last_verified(results, verified.history(reports, self.folder),
                                      found.screens if found is not None else None)

    def pytest_html_results_summary(self, prefix: list[str], summary: list[str], postfix: list[str],
                                    session: pytest.Session) -> None:
        self._finish()
        if self.info is None:
            return
        outcomes = list(self.outcomes.values())
        # A document first: the verdict, what changed since the previous run, the matrix (the whole
        # coverage, pictures in each row), the revisions, the last verified dates; pytest-html's
        # Environment table, summary and results table follow, folded into 'technical details'.
        verified_part = ""
        if self.results is not None:
            names = {c["service_id"]: c["service"] for c in self.results["checks"]}
            verified_part = verified.verified_html(self.results.get("services", {}), names)
        prefix.append(
            STYLE + approved.STYLE + SCRIPT + '<div id="bizd-document">'
            + header.verdict_html(matrix.verdict_counts(outcomes, walks_only=False), self.status, self.info)
            + self.comparison_block
            + matrix.matrix_html(outcomes, self._flows(), revisions.shared_findings(self.revisions))
            + revisions.revisions_html(self.revisions) + verified_part
            + f'<details id="bizd-technical"><summary>{text(_("Technical details"))}</summary>'
            + f"<p>{text(_('The run environment, pytest-html summary and every test with its log and traceback.'))}</p>"
            + '<div id="bizd-technical-body"></div></details></div>')

    @pytest.hookimpl(hookwrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        if session.exitstatus == pytest.ExitCode.INTERRUPTED or runstate.stopping():
            self.status = runstate.INTERRUPTED
        self._finish()
        if self.folder is not None and self.results is not None and self.info is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.written.append(results_json.write(self.folder / results_json.FILENAME, self.results))
            md = self.folder / REVISIONS_FILE
            md.write_text(revisions.markdown(self.revisions, self.info, self.folder), encoding="utf-8")
            self.written.append(md)
        yield  # pytest-html writes the report here (its sessionfinish is trylast)
        if self.html_path is not None and self.html_path.is_file():
            _finish_html(self.html_path)

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Generator[None, None, None]:
        """pytest-html announces its file in English: said in the reader's language instead."""
        write_sep = terminalreporter.write_sep

        def said(sep: str, title: str | None = None, **kwargs: Any) -> None:
            announced = _PYTEST_HTML_WRITTEN.fullmatch(title or "")
            write_sep(sep, _("HTML report: {uri}").format(uri=announced[1]) if announced else title, **kwargs)

        terminalreporter.write_sep = said
        try:
            yield
        finally:
            terminalreporter.write_sep = write_sep
        self._summarise(terminalreporter)

    def _summarise(self, terminalreporter: Any) -> None:
        if self.config.get_verbosity() >= 0:
            for path in self.written:
                terminalreporter.write_sep("-", f"bizd: {path}")
        if self.written or self.html_path is not None:
            counts = matrix.verdict_counts(list(self.outcomes.values()), walks_only=False)
            summary = ", ".join(f"{n} {v}" for v, n in counts.items()) or _("no walk")
            verdict = (header.run_verdict(counts) if self.status == runstate.COMPLETE
                       else _("INTERRUPTED (partial results)"))
            terminalreporter.write_line(_("bizd: {verdict} — walks: {counts}; {n} revision(s) of the manual "
                                          "proposed").format(verdict=verdict, counts=summary, n=len(self.revisions)))


_PYTEST_HTML_WRITTEN = re.compile(r"Generated html report: (\S+)")
_HEADING = re.compile(r">(Result|Test|Duration|Links)<")
_HEADINGS = (N_("Result"), N_("Test"), N_("Duration"), N_("Links"))

# pytest-html's template credits itself with a link to PyPI: the only external reference of a
# report that must open offline and leak nothing to other hosts.
_PYPI_LINK = re.compile(r'<a href="https://pypi\.python\.org/pypi/pytest-html">(pytest-html)</a>')
# The template's own words, which no pytest-html hook reaches: said in the reader's language once it is
# written (each is a fixed string of pytest-html 4's index.jinja2, or its run count and filter labels).
# (Its 'tests still running' notice is hidden in a finished report.)
_TEMPLATE_WORDS = (N_("Environment"), N_("Summary"), N_("(Un)check the boxes to filter the results."),
                   N_("No results found. Check the filters."), N_("Show all details"), N_("Hide all details"))
_FILTER_WORDS = (N_("Failed"), N_("Passed"), N_("Skipped"), N_("Expected failures"), N_("Unexpected passes"),
                 N_("Errors"), N_("Reruns"), N_("Retried"))
_GENERATED = re.compile(r"Report generated on (\d{2}-\w{3}-\d{4}) at (\d{2}:\d{2}:\d{2}) by pytest-html\s+v([\w.+-]+)")
_RUN_COUNT = re.compile(r'(<p class="run-count">)(\d+) tests? took ([\d:]+)\.(</p>)')
_FILTER_LABEL = re.compile(r'(<span class="(?:failed|passed|skipped|xfailed|xpassed|error|rerun|retried)">)(\d+) '
                           r"(Failed|Passed|Skipped|Expected failures|Unexpected passes|Errors|Reruns|Retried)(,?)</span>")


def _generated(match: re.Match[str]) -> str:
    try:
        day = format_day(dt.datetime.strptime(match.group(1), "%d-%b-%Y").date())
    except ValueError:
        day = match.group(1)
    return text(_("Report generated on {date} at {time} by pytest-html v{version}").format(
        date=day, time=match.group(2), version=match.group(3)))


def localise_template(html: str) -> str:
    """pytest-html's template words in the reader's language (the hooks reach only the table's cells)."""
    for words in _TEMPLATE_WORDS:
        html = html.replace(f">{words}<", f">{text(_(words))}<")
    html = _GENERATED.sub(_generated, html)
    html = _RUN_COUNT.sub(lambda m: m.group(1) + text(ngettext("{n} test took {duration}.", "{n} tests took {duration}.",
                                                              int(m.group(2))).format(n=m.group(2), duration=m.group(3)))
                          + m.group(4), html)
    return _FILTER_LABEL.sub(lambda m: f"{m.group(1)}{m.group(2)} {text(_(m.group(3)))}{m.group(4)}</span>", html)


def _finish_html(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    cleaned = localise_template(_PYPI_LINK.sub(r"\1", html))
    if cleaned != html:
        path.write_text(cleaned, encoding="utf-8")
