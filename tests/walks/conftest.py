"""The walks: fixtures that build page objects and follow each documented path.

Parametrized from flows/ (one case per documented URL, ids like ``jinjer-kintai-admin``); each walk
records every documented check in the test's stash for the coverage matrix and stops at the first
disagreement with the manual.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from ahead import AheadRequest, WalksAhead, can_walk_ahead, walks_ahead_possible
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from walking import Case, Signer, Walk

from loginsuite import artifact_guard, authstate, ordering, preflight, safety, secrets
from loginsuite import credentials as credential_store
from loginsuite.codes import MaildirSource
from loginsuite.flows import Flows
from loginsuite.flows.model import Login, Value
from loginsuite.i18n import _
from loginsuite.nightly.plugin import watch_reachability
from loginsuite.plugin import Settings, flows, settings
from loginsuite.results import TITLE_KEY
from loginsuite.safety import SignInBudget
from loginsuite.signin_ledger import SignInLedger
from pages.account_site import SERVICE as ACCOUNT_SITE
from pages.account_site import AccountSite

AHEAD_KEY = pytest.StashKey[WalksAhead]()
SMARTPHONE = "Pixel 7"  # 出勤簿's スマホ用 URL is opened as a phone would (Chromium-based device profile)


def identity_provider_host(manual: Flows) -> str:
    """The identity provider's host (the account site's, p.30): its cookies are the session."""
    return urlsplit(manual.bizd.account_site).hostname or ""


def selected_cases(config: pytest.Config) -> list[Case]:
    s = settings(config)
    cases = []
    for service in flows(config).services:
        if s.services and service.id not in s.services:
            continue
        if not service.applicable:
            cases.append(Case(service, None))
            continue
        for entry in service.entries:
            if s.role and entry.role and entry.role != s.role:
                continue
            cases.append(Case(service, entry))
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames and not hasattr(metafunc.module, "case"):  # a module may pick its own
        cases = selected_cases(metafunc.config)
        if metafunc.definition.get_closest_marker("needs_credentials"):
            cases = [c for c in cases if c.entry is not None]
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


@pytest.fixture
def titled(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Name this test for people (report row, console line): ``titled(_("…").format(…))``."""
    def name(title: str) -> None:
        request.node.stash[TITLE_KEY] = title
    return name


@pytest.fixture(autouse=True)
def _fresh_world(world: Any) -> Any:
    """Every walk starts from a fresh mock (scenarios applied) and leaves nothing behind."""
    return world


# -- values and codes -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def run_values(suite_settings: Settings, request: pytest.FixtureRequest) -> tuple[dict[Value, str], Any, str]:
    """(values, code source, why signing in is not possible) for this run."""
    if not suite_settings.live:
        server = request.getfixturevalue("mock_server")
        account = server.world.demo_account()
        values = {Value.account_id: account.id, Value.password: account.password,
                  Value.company_code: server.world.demo_company_code()}
        why = "" if suite_settings.sign_in else "--no-sign-in"
        return values, MaildirSource(server.maildir), why
    creds = credential_store.load_credentials()
    values = {}
    if creds:
        values = {Value.account_id: creds.account_id, Value.password: creds.password}
        if creds.company_code:
            values[Value.company_code] = creds.company_code
    if not suite_settings.sign_in:
        return values, None, "--no-sign-in: stops at the ID screen"
    if not creds:
        return values, None, f"no credentials: set {', '.join(credential_store.ENV_NAMES)} (see README)"
    return values, preflight.code_source(request.config), ""  # checked at session start


def auth_folder(config: pytest.Config, live: bool) -> Path | None:
    """Where this process keeps the run's signed-in state (loginsuite.authstate: owner-only, gone with
    the run). Live (and rehearsals through --host-map) the identity provider is one for every xdist
    worker, so the state is the run's; each worker's embedded mock is a world of its own, so there the
    state (and its sign-in, counted per worker) is the worker's."""
    root = authstate.folder_of(config)
    if root is None or live:
        return root
    return root / getattr(config, "workerinput", {}).get("workerid", "main")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The closing line QA reads: how many two-step sign-ins the run made (controller only)."""
    if hasattr(config, "workerinput") or settings(config).max_signins is None:
        return
    count = safety.signins_this_run(authstate.folder_of(config))
    terminalreporter.write_line(_("bizd: {count} two-step sign-in(s) this run").format(count=count))


@pytest.fixture(scope="session")
def sign_in_budget(suite_settings: Settings, run_values: tuple[dict[Value, str], Any, str],
                   request: pytest.FixtureRequest) -> Iterator[SignInBudget | None]:
    values, _codes, why = run_values
    folder = auth_folder(request.config, suite_settings.live)
    if suite_settings.max_signins is None or why or folder is None:
        yield None
        return
    key = hashlib.sha256(values[Value.account_id].encode()).hexdigest()[:12]
    yield SignInBudget(folder, key, suite_settings.max_signins)


@pytest.fixture(scope="session")
def shared_auth_state(
    sign_in_budget: SignInBudget | None, browser: Browser, browser_context_args: dict[str, Any],
    manual: Flows, suite_settings: Settings, run_values: tuple[dict[Value, str], Any, str],
) -> str | None:
    """The one two-step sign-in of the run (at the account site), its state reused by every walk.

    Live it is charged to the account's daily budget first (--max-signins-per-day); a lock met on
    the way stops the run (AccountLocked, also for every later walk and worker)."""
    if sign_in_budget is None:
        return None
    values, codes, _why = run_values
    signer = Signer(values, codes, code_timeout=120 if suite_settings.live else 15)

    def sign_in_once() -> dict[str, Any]:
        context = browser.new_context(**browser_context_args)
        try:
            page = context.new_page()
            site = AccountSite(page, manual, manual.appendix.procedure("sign-out-cached-account"),
                               suite_settings.check_timeout)
            site.open()
            site.open_menu()
            signer.sign_in_directly(page, manual, suite_settings.check_timeout, ACCOUNT_SITE,
                                    keep_signed_in=True)
            site.expect_screen("menu")
            state = context.storage_state()
            secrets.register_cookies(state["cookies"], {identity_provider_host(manual)})
            return state
        finally:
            context.close()

    def charge() -> None:
        if suite_settings.live:
            SignInLedger(suite_settings.max_signins_per_day).record(values[Value.account_id])

    path = sign_in_budget.shared_state(sign_in_once, charge)
    if path is None:
        pytest.skip("the run's one allowed sign-in was already spent without success (see the first failure)")
    return str(path)


def new_signer(suite_settings: Settings, run_values: tuple[dict[Value, str], Any, str], manual: Flows) -> Signer:
    """A walk's signer, its secrets registered (without the run's shared sign-in: see ``signer``)."""
    values, codes, why = run_values
    for secret in (values.get(Value.password),):
        if secret:
            secrets.register(secret)
    if suite_settings.live and values.get(Value.account_id):
        secrets.register(values[Value.account_id], "account_id")  # live: never in pictures, logs or reports
    else:  # the mock's: shown in screenshots and reports, never in a trace (as a live one would not be)
        artifact_guard.hide_in_traces(values.get(Value.account_id), "account_id")
    return Signer(values, codes, code_timeout=120 if suite_settings.live else 15, why_not=why,
                  cookie_hosts={identity_provider_host(manual)})


@pytest.fixture
def signer(suite_settings: Settings, run_values: tuple[dict[Value, str], Any, str], manual: Flows,
           request: pytest.FixtureRequest) -> Signer:
    signer = new_signer(suite_settings, run_values, manual)
    if signer.can_sign_in and suite_settings.max_signins is not None and not ordering.own_sign_in(request.node):
        signer.shared_state = request.getfixturevalue("shared_auth_state")
    return signer


# -- browser ----------------------------------------------------------------------------------------
def context_extra(case: Case | None, signer: Signer | None, playwright: Playwright) -> dict[str, Any]:
    """A walk's context beyond the run's arguments: the run's signed-in state when one is shared,
    shaped as a phone for the smartphone entries."""
    extra: dict[str, Any] = {}
    if signer is not None and signer.shared_state:
        extra["storage_state"] = signer.shared_state
    if case is not None and case.entry is not None and case.entry.device == "smartphone":
        device = dict(playwright.devices[SMARTPHONE])
        device.pop("default_browser_type", None)
        extra.update(device)
    return extra


@pytest.fixture
def context(new_context: Any, playwright: Playwright, request: pytest.FixtureRequest) -> BrowserContext:
    """A fresh context per walk (the manual's cookie-clearing advice)."""
    case: Case | None = request.getfixturevalue("case") if "case" in request.fixturenames else None
    signer: Signer | None = request.getfixturevalue("signer") if "signer" in request.fixturenames else None
    return new_context(**context_extra(case, signer, playwright))


@pytest.fixture(scope="session")
def walks_ahead(request: pytest.FixtureRequest, suite_settings: Settings, manual: Flows,
                run_values: tuple[dict[Value, str], Any, str], browser: Browser,
                browser_context_args: dict[str, Any], playwright: Playwright) -> Iterator[WalksAhead | None]:
    """Credential-free live walks, ``--walks-at-once`` at a time (see ahead.py); None: one at a time."""
    config = request.config
    if not (suite_settings.live and run_values[2] and walks_ahead_possible(config, suite_settings.walks_at_once)):
        yield None
        return

    def arguments(item: pytest.Item, page: Page) -> dict[str, Any]:
        case: Case = item.callspec.params["case"]  # type: ignore[attr-defined]
        signer = new_signer(suite_settings, run_values, manual)
        walk = Walk(AheadRequest(item), page, manual, suite_settings, case, signer)  # type: ignore[arg-type]
        return {"walk": walk, "case": case, "signer": signer, "suite_settings": suite_settings}

    ahead = WalksAhead(
        browser, suite_settings.walks_at_once, [i for i in request.session.items if can_walk_ahead(i)],
        context_args=lambda item: {**browser_context_args,
                                   **context_extra(item.callspec.params["case"], None, playwright)},  # type: ignore[attr-defined]
        arguments=arguments,
        on_page=watch_reachability if config.getoption("--nightly") else lambda page: None,
    )
    config.stash[AHEAD_KEY] = ahead
    yield ahead
    del config.stash[AHEAD_KEY]
    ahead.close_all()


@pytest.fixture
def page(request: pytest.FixtureRequest, walks_ahead: WalksAhead | None) -> Iterator[Page]:
    """The page a walk started ahead runs in, else a new page of the walk's fresh context."""
    started = walks_ahead.page(request.node) if walks_ahead and can_walk_ahead(request.node) else None
    if started is None:
        yield request.getfixturevalue("context").new_page()
        return
    yield started
    walks_ahead.close(request.node)  # type: ignore[union-attr]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """A walk started ahead has run already: its test takes the outcome."""
    ahead = pyfuncitem.config.stash.get(AHEAD_KEY, None)
    return True if ahead is not None and ahead.run(pyfuncitem) else None


@pytest.fixture
def walk(request: pytest.FixtureRequest, page: Page, manual: Flows, suite_settings: Settings, case: Case,
         signer: Signer, world: Any) -> Walk:
    if world is not None and case.service.login is Login.invitation and signer.can_sign_in:
        # The URL path is the returning user's (p.25 「2回目以降ログイン」): the mock account signed up before.
        from mocksites.services.josys import state

        state(world).activated.add(signer.value(Value.account_id))
    ahead = request.config.stash.get(AHEAD_KEY, None)
    started = ahead.walk(request.node) if ahead is not None else None
    return started if started is not None else Walk(request, page, manual, suite_settings, case, signer)
