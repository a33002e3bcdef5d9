"""Fixtures shared by the walks and the project's own tests.

Extends pytest-playwright by overriding its fixtures: the browser is found and launched by
loginsuite.browser, every documented host is mapped to the mock (or --host-map), and a remote
browser server is used through ``connect_options``.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from loginsuite.browser import launch_options
from loginsuite.flows import Flows
from loginsuite.plugin import Settings, flows, settings

pytest_plugins = ["loginsuite.plugin", "loginsuite.nightly.plugin", "loginsuite.report.plugin", "loginsuite.artifact_guard",
                  "loginsuite.authstate", "loginsuite.ordering", "loginsuite.signin_ledger", "mocksites.testing"]


def _reader_language(language: str) -> Iterator[None]:
    from loginsuite import i18n

    before, env = i18n.language(), os.environ.get("BIZD_LANG")
    i18n.choose_language(language)
    yield
    i18n.set_language(before)
    if env is None:
        os.environ.pop("BIZD_LANG", None)
    else:
        os.environ["BIZD_LANG"] = env


@pytest.fixture
def english() -> Iterator[None]:
    """The reader's language is English for this test (and what it starts), restored afterwards."""
    yield from _reader_language("en")


@pytest.fixture
def japanese() -> Iterator[None]:
    """The reader's language is Japanese (the default) for this test, whatever BIZD_LANG says."""
    yield from _reader_language("ja")


@pytest.fixture(scope="session")
def suite_settings(pytestconfig: pytest.Config) -> Settings:
    return settings(pytestconfig)


@pytest.fixture(scope="session")
def manual(pytestconfig: pytest.Config) -> Flows:
    return flows(pytestconfig)


@pytest.fixture(scope="session")
def resolver_rules(suite_settings: Settings, request: pytest.FixtureRequest) -> str | None:
    """Where the documented hosts resolve: the mock in mock mode, --host-map if given, else DNS."""
    if suite_settings.host_map:
        return suite_settings.host_map.resolver_rules
    if not suite_settings.live:
        return request.getfixturevalue("mock_server").resolver_rules
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], suite_settings: Settings, resolver_rules: str | None
) -> dict[str, Any]:
    options = launch_options(suite_settings.chromium, resolver_rules)
    if suite_settings.proxy:
        options["proxy"] = {"server": suite_settings.proxy}
    return {**browser_type_launch_args, **options}


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, Any], suite_settings: Settings, resolver_rules: str | None
) -> dict[str, Any]:
    # Self-signed certificates are accepted only where hosts are mapped to a stand-in.
    return {**browser_context_args, "locale": "ja-JP", "ignore_https_errors": resolver_rules is not None}


@pytest.fixture(scope="session")
def connect_options(suite_settings: Settings) -> dict[str, Any] | None:
    if not suite_settings.remote_browser:
        return None
    # expose_network lets the remote browser reach this machine's loopback (the mock, a rehearsal).
    return {"endpoint": suite_settings.remote_browser, "expose_network": "<loopback>"}


@pytest.fixture
def world(suite_settings: Settings, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The mock's state for this test (reset afterwards), or None against the real sites."""
    if suite_settings.live:
        yield None
        return
    if suite_settings.max_signins is not None:
        # One sign-in shared by the run (as live): the mock keeps its sessions between walks, like a real site.
        mock_world = request.getfixturevalue("mock_server").world
    else:
        mock_world = request.getfixturevalue("mock_world")
    if suite_settings.mock_scenarios:
        mock_world.set_scenarios(list(suite_settings.mock_scenarios))
    yield mock_world
    if suite_settings.max_signins is not None and request.node.get_closest_marker("own_sign_in"):
        mock_world.clock.reset()  # a negative path moved the shared world's clock (code expiry)


def pytest_configure(config: pytest.Config) -> None:
    """An unknown --mock-scenario stops the run before anything starts (every walk would fail on it)."""
    from mocksites.scenarios import registry

    known = registry()
    wrong = [s for s in config.getoption("--mock-scenario", []) or [] if s.split("@", 1)[0].split(":", 1)[0] not in known]
    if wrong:
        raise pytest.UsageError(f"--mock-scenario: unknown scenario(s) {wrong}; known: {', '.join(sorted(known))}")


def pytest_report_header(config: pytest.Config) -> list[str]:
    s = settings(config)
    where = s.host_map.address if s.host_map else ("embedded mock" if not s.live else "the real sites")
    return [f"bizd: target={s.target} ({where}), flows={len(flows(config).services)} services"
            + (f", CI={os.environ['CI']}" if os.environ.get("CI") else "")]
