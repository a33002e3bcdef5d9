"""No secret in what a run leaves behind: traces and videos after each test, every artifact at the end.

Live mode refuses pytest-playwright's ``--tracing``/``--video`` unless ``--allow-live-tracing``:
they record what is typed and shown. Whenever traces are kept (mock or live), each is rewritten
without the run's secrets (``traces.scrub_trace``), then every trace and video is searched with
``secrets.find_secrets`` and deleted if anything is still found, with a line in the report. At the
end of every run the run folder, screenshots, pytest-playwright's ``--output``, the HTML report,
JUnit XML and log file are searched again; a hit fails the run.

With xdist the security codes are registered where they were typed, in a worker: each worker hands
its registered values to the controller through xdist's in-memory ``workeroutput``, never a file.
"""
from __future__ import annotations

import base64
import os
import threading
import urllib.parse
from collections.abc import Generator
from html import escape
from pathlib import Path
from typing import Any

import pytest

from loginsuite import secrets, traces
from loginsuite.i18n import N_, _

SECTION = "bizd secrets"  # a trace cleaned
DELETED = "bizd secrets: deleted"  # an artifact that still held a secret, deleted
_WORKER_KEY = "bizd_secrets"
_ARTIFACTS = {"playwright_trace": "trace", "playwright_video": "video"}

# The kinds secrets are registered under (machine keys) as a person reads them in the run's lines.
SECRET_KINDS = {
    "password": N_("password"), "imap_password": N_("mailbox password"), "code": N_("security code"),
    "security_code": N_("security code"), "account_id": N_("account ID"), "session_cookie": N_("session cookie"),
    "notify URL": N_("notify URL"), "secret": N_("secret"),
}


def kind_words(kind: str) -> str:
    """A secret's kind in the reader's words (an unknown kind as it is)."""
    return _(SECRET_KINDS[kind]) if kind in SECRET_KINDS else kind


_lock = threading.Lock()
_trace_only: dict[str, str] = {}  # value -> kind: kept out of traces, not masked elsewhere


def hide_in_traces(value: str | None, kind: str) -> None:
    """Keep a value out of traces although it is not a secret elsewhere (the mock's account ID:
    screenshots and reports show it, a trace must not, so that a traced mock run proves the live one)."""
    if value and len(value) >= secrets.MIN_LENGTH:
        with _lock:
            _trace_only.setdefault(value, kind)


def trace_secrets() -> dict[str, str]:
    """{value: kind} kept out of traces: every registered secret and the trace-only values."""
    with _lock:
        return {**_trace_only, **secrets.registered()}


def _option(config: pytest.Config, name: str, default: Any = None) -> Any:
    return config.getoption(name, default=default)


def pytest_configure(config: pytest.Config) -> None:
    """Refuse recording a live run before anything signs in."""
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(EndOfRunScan(config), "bizd-artifact-scan")
    if _option(config, "--target") != "live" or _option(config, "--allow-live-tracing", False):
        return
    asked = [f"--{name} {value}" for name in ("tracing", "video")
             if (value := _option(config, f"--{name}", "off")) not in (None, "off")]
    if asked:
        raise pytest.UsageError(_(
            "live mode: {options} would record the password, the security codes and the account ID "
            "as they are typed and shown. Add --allow-live-tracing to record anyway (each trace is then "
            "cleaned of every secret, and a trace or video that still holds one is deleted)."
        ).format(options=" ".join(asked)))


# -- after each test, where it ran --------------------------------------------------------------------
def _drop_extras(report: pytest.TestReport, path: Path, embedded: str | None) -> None:
    """pytest-playwright's report extras for a deleted file (a link to it, or its embedded bytes)."""
    extras = getattr(report, "extras", None)
    if not extras:
        return
    tail = f"{path.parent.name}/{path.name}"

    def points_there(extra: dict[str, Any]) -> bool:
        content = str(extra.get("content", ""))
        return urllib.parse.unquote(content).endswith(tail) or (embedded is not None and content == embedded)

    report.extras = [e for e in extras if not points_there(e)]  # type: ignore[attr-defined]


def _report_line(config: pytest.Config, report: pytest.TestReport, line: str) -> None:
    """The line in the HTML report too: pytest-html shows a passed test's teardown extras, not its sections."""
    html_plugin = config.pluginmanager.getplugin("html")
    if html_plugin is not None:
        extra = html_plugin.extras.html(f'<p class="bizd-artifact">{escape(line)}</p>')
        report.extras = [*getattr(report, "extras", []), extra]  # type: ignore[attr-defined]


def check_artifact(path: Path, kind: str, live: bool) -> tuple[str, bool]:
    """Clean (traces) and search one artifact; delete it if a secret is still in it.
    Returns (the report's line, whether the file was deleted)."""
    hidden = trace_secrets()
    note = ""
    if kind == "trace":
        try:
            done = traces.scrub_trace(path, hidden, drop_frames=live)
            note = _("trace cleaned of secrets: {members} part(s) masked, {cookies} cookie value(s) masked, "
                     "{frames} screen picture(s) removed").format(
                members=done.members_changed, cookies=done.cookies, frames=done.frames_dropped)
        except (OSError, ValueError) as exc:  # not a readable zip: the search below still decides
            note = _("trace could not be cleaned ({error})").format(error=type(exc).__name__)
    found = sorted({k for _where, k in secrets.find_secrets(path, [(k, v) for v, k in hidden.items()])})
    if not found:
        return f"{path.name}: {note}" if note else "", False
    path.unlink(missing_ok=True)
    return _("{file} deleted: it still held {kinds}").format(
        file=f"{path.parent.name}/{path.name}", kinds=", ".join(dict.fromkeys(kind_words(k) for k in found))), True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """After pytest-playwright (its wrapper is innermost) has moved the test's traces and videos into
    ``--output`` and named them in ``user_properties``."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when != "teardown":
        return
    live = _option(item.config, "--target") == "live"
    kept: list[tuple[str, object]] = []
    for name, value in report.user_properties:
        kind = _ARTIFACTS.get(name)
        path = Path(item.config.invocation_params.dir, str(value)) if kind else None
        if kind is None or path is None or not path.is_file():
            kept.append((name, value))
            continue
        embedded = base64.b64encode(path.read_bytes()).decode() if kind == "video" else None
        line, deleted = check_artifact(path, kind, live)
        if line:
            report.sections.append((DELETED if deleted else SECTION, line))
            _report_line(item.config, report, line)
        if deleted:
            _drop_extras(report, path, embedded)
        else:
            kept.append((name, value))
    report.user_properties = kept


# -- the end of the run, on the controller ----------------------------------------------------------
def artifact_places(config: pytest.Config) -> list[tuple[Path, bool]]:
    """(file or folder, holds traces) for everything this run writes."""
    invoked = config.invocation_params.dir
    places: list[tuple[Path, bool]] = []

    def add(value: str | None, traced: bool = False) -> None:
        if value:
            path = Path(invoked, os.path.expandvars(str(value))).expanduser()
            if path.exists() and all(path != p for p, _traced in places):
                places.append((path, traced))

    add(_option(config, "--run-dir"))
    add(_option(config, "--shots-dir"))
    add(_option(config, "--output"), traced=True)
    html = _option(config, "htmlpath")
    add(html)
    if html and not _option(config, "self_contained_html", False):
        add(str(Path(html).parent / "assets"))
    add(_option(config, "xmlpath"))
    add(_option(config, "log_file"))
    return places


def scan_run(config: pytest.Config) -> list[tuple[Path, str]]:
    """Every (file, kind of secret) in the run's artifacts; --output is also searched for trace-only values."""
    plain = [(kind, value) for value, kind in secrets.registered().items()]
    traced = [(kind, value) for value, kind in trace_secrets().items()]
    found: list[tuple[Path, str]] = []
    for place, holds_traces in artifact_places(config):
        wanted = traced if holds_traces else plain
        if wanted:
            found += [hit for hit in secrets.find_secrets(place, wanted) if hit not in found]
    return found


@pytest.hookimpl(hookwrapper=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, None, None]:
    """A worker hands what it registered to the controller (xdist's workeroutput, in memory)."""
    config = session.config
    if hasattr(config, "workerinput"):
        with _lock:
            trace_only = dict(_trace_only)
        config.workeroutput[_WORKER_KEY] = {"secrets": secrets.registered(), "traces": trace_only}  # type: ignore[attr-defined]
    yield


class EndOfRunScan:
    """On the controller: gathers the workers' secrets and deleted artifacts, searches everything the
    run wrote once it is written, and fails the run on a hit."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.deleted: list[str] = []
        self.cleaned = 0

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        handed = getattr(node, "workeroutput", {}).get(_WORKER_KEY) or {}
        for value, kind in handed.get("secrets", {}).items():
            secrets.register(value, kind)
        for value, kind in handed.get("traces", {}).items():
            hide_in_traces(value, kind)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown":
            self.deleted += [text for title, text in report.sections if title == DELETED]
            self.cleaned += sum(1 for title, _text in report.sections if title == SECTION)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        yield  # the HTML report, JUnit XML and results.json are written inside
        hits = scan_run(self.config)
        lines = ([_("{count} trace(s) cleaned of secrets before they were kept").format(count=self.cleaned)]
                 if self.cleaned else []) + self.deleted
        if hits:
            lines += [_("secret in an artifact: {path} holds the {kind}").format(path=path, kind=kind_words(kind))
                      for path, kind in hits]
            lines.append(_("the run fails: a secret was written into its artifacts (see above); "
                           "delete these files before sharing the run"))
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None and lines:
            terminal.write_sep("-", _("secrets in artifacts"), red=bool(hits), bold=True)
            for line in lines:
                terminal.write_line(line)
