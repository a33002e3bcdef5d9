"""The suite's pytest plugin: options, markers, the target, loading flows/ before anything runs.

Knows nothing of pages/: fixtures that build page objects live in conftest.py and tests/.
"""
from __future__ import annotations

import os
import shlex
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from loginsuite import i18n, logmask, preflight, secrets
from loginsuite.flows import Flows, FlowsError, load_flows
from loginsuite.flows.loader import DEFAULT_DIR
from loginsuite.hostmap import HostMap
from loginsuite.i18n import _
from loginsuite.mismatch import AccountLocked
from loginsuite.signin_ledger import DEFAULT_PER_DAY

FLOWS_KEY = pytest.StashKey[Flows]()
SETTINGS_KEY = pytest.StashKey["Settings"]()


@dataclass(frozen=True)
class Settings:
    target: str
    services: tuple[str, ...]
    role: str | None
    login_path: str
    host_map: HostMap | None
    proxy: str | None
    chromium: str | None
    remote_browser: str | None
    sign_in: bool
    max_signins: int | None
    max_signins_per_day: int
    allow_live_tracing: bool
    check_timeout: float
    mock_scenarios: tuple[str, ...]
    fail_on_unreachable: bool
    walks_at_once: int = 1

    @property
    def live(self) -> bool:
        return self.target == "live"


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from loginsuite import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def _command_line_language(pluginmanager: pytest.PytestPluginManager) -> None:
    """The option texts are made before the command line is parsed: take --lang from it first (else
    BIZD_LANG stays in force), so that --help speaks the language asked for."""
    config = pluginmanager.get_plugin("pytestconfig")
    args = [*getattr(getattr(config, "invocation_params", None), "args", ()),
            *shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))]
    chosen = i18n.language_from_argv([str(a) for a in args])
    if chosen in i18n.LANGUAGES:  # a wrong one is refused by --lang's choices when the line is parsed
        i18n.choose_language(chosen)
    i18n.localise_argparse()


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    _command_line_language(pluginmanager)
    group = parser.getgroup("bizd", _("Business d Account login manual verification"))
    group.addoption("--lang", choices=list(i18n.LANGUAGES), default=None,
                    help=_("language of everything the suite writes for people: ja (default) or en; also "
                           "given to xdist workers [env BIZD_LANG]"))
    group.addoption("--target", choices=["mock", "live"], default="mock",
                    help=_("mock: the embedded mock sites (default); live: the real documented sites"))
    group.addoption("--service", action="append", default=[], metavar="ID",
                    help=_("only these services (flows/services/<ID>.yaml id; repeatable)"))
    group.addoption("--role", choices=["admin", "user"], default=None, help=_("only entries for this role"))
    group.addoption("--login-path", choices=["first", "returning", "both"], default="first",
                    help=_("first login (consent expected) or returning user (no consent); default: first"))
    group.addoption("--host-map", default=os.environ.get("BIZD_HOST_MAP"), metavar="HOST:PORT",
                    help=_("send every documented host to this address (staging, offline rehearsal); "
                           "self-signed certificates are accepted only then [env BIZD_HOST_MAP]"))
    group.addoption("--proxy", default=os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy"),
                    help=_("HTTP(S) proxy for the browser [env HTTPS_PROXY]"))
    group.addoption("--chromium", default=None, metavar="PATH",
                    help=_("Chromium executable (default: Playwright's own, else /usr/bin/chromium) [env BIZD_CHROMIUM]"))
    group.addoption("--remote-browser", default=os.environ.get("BIZD_BROWSER_ENDPOINT"), metavar="WS_URL",
                    help=_("run browsers on a Playwright browser server (playwright run-server) [env BIZD_BROWSER_ENDPOINT]"))
    group.addoption("--no-sign-in", action="store_true",
                    help=_("stop every walk at the ID screen even when credentials are configured (the nightly check)"))
    group.addoption("--max-signins", type=int, default=None,
                    help=_("two-step sign-ins allowed per account per run; later walks reuse the signed-in "
                           "browser state (default: 1 live, unlimited mock)"))
    group.addoption("--max-signins-per-day", type=int, default=DEFAULT_PER_DAY, metavar="N",
                    help=_("live: two-step sign-ins allowed per account in any 24 hours, across runs (counted "
                           "in the user's state directory); an exhausted budget stops the run before any "
                           "sign-in (default: %(default)s)"))
    group.addoption("--allow-live-tracing", action="store_true",
                    help=_("live with credentials: allow --tracing although traces record typed text"))
    group.addoption("--check-timeout", type=float, default=None, metavar="MS",
                    help=_("how long a documented control may take to appear (default: 5000)"))
    group.addoption("--mock-scenario", action="append", default=[], metavar="NAME",
                    help=_("mock: start with this drift scenario active (repeatable)"))
    group.addoption("--fail-on-unreachable", action="store_true",
                    help=_("nightly: an unreachable site fails the run (default: warns)"))
    group.addoption("--fail-on-stale", action="store_true",
                    help=_("nightly: a stale screen (the procedure works, the screen differs) fails the run (default: warns)"))
    group.addoption("--walks-at-once", type=int, default=1, metavar="N",
                    help=_("credential-free live walks: N at a time in this process, as pages of one browser "
                           "context (the nightly check sets 4) [%(default)s]"))
    group.addoption("--flows", default=str(DEFAULT_DIR), metavar="DIR", help=_("flows folder (default: %(default)s)"))


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--lang"):
        i18n.choose_language(config.getoption("--lang"))  # BIZD_LANG: xdist workers and subprocesses speak it too
    logmask.register(config)
    preflight.register(config)
    try:
        config.stash[FLOWS_KEY] = load_flows(Path(config.getoption("--flows")))
    except FlowsError as exc:
        # Refuse to run on partial flows: every check would be built from them.
        raise pytest.UsageError(str(exc)) from None
    target = config.getoption("--target")
    host_map = config.getoption("--host-map")
    timeout = config.getoption("--check-timeout") or 5000
    config.stash[SETTINGS_KEY] = Settings(
        target=target,
        services=tuple(config.getoption("--service")),
        role=config.getoption("--role"),
        login_path=config.getoption("--login-path"),
        host_map=HostMap.parse(host_map) if host_map else None,
        proxy=config.getoption("--proxy"),
        chromium=config.getoption("--chromium"),
        remote_browser=config.getoption("--remote-browser"),
        sign_in=not config.getoption("--no-sign-in"),
        max_signins=config.getoption("--max-signins") or (1 if target == "live" else None),
        max_signins_per_day=config.getoption("--max-signins-per-day"),
        allow_live_tracing=config.getoption("--allow-live-tracing"),
        check_timeout=timeout,
        mock_scenarios=tuple(config.getoption("--mock-scenario")),
        fail_on_unreachable=config.getoption("--fail-on-unreachable"),
        walks_at_once=max(1, config.getoption("--walks-at-once")),
    )
    unknown = set(config.stash[SETTINGS_KEY].services) - {s.id for s in config.stash[FLOWS_KEY].services}
    if unknown:
        raise pytest.UsageError(_("--service: unknown service id(s) {ids}; see 'python -m loginsuite flows list'")
                                .format(ids=sorted(unknown)))


def settings(config: pytest.Config) -> Settings:
    return config.stash[SETTINGS_KEY]


def flows(config: pytest.Config) -> Flows:
    return config.stash[FLOWS_KEY]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Secrets never reach a report: failure text and captured output are masked where they are made.

    A lock or too-many-attempts message stops the whole run at once (live-account safety).
    """
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance(AccountLocked):
        item.session.shouldstop = str(call.excinfo.value)
    if not secrets.registered():
        return
    if report.longrepr is not None:
        text = str(report.longrepr)
        masked = secrets.mask(text)
        if masked != text:
            report.longrepr = masked
    report.sections = [(title, secrets.mask(content)) for title, content in report.sections]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Negative and destructive paths never run against the real sites."""
    if not settings(config).live:
        return
    never_live = pytest.mark.skip(reason=_("mock only: negative paths never run against real accounts"))
    for item in items:
        if item.get_closest_marker("mock_only"):
            item.add_marker(never_live)
