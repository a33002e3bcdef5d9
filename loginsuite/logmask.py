"""Masking on every log path pytest writes: live log (``--log-cli-level``), captured log (the report's
"Captured log" sections, junit), ``caplog`` and ``--log-file``.

pytest's logging plugin attaches its handlers to the root logger only while a phase runs, so a
filter added to the root's handlers at configure time never sees them. The handlers themselves live
as long as the session: the filter goes on each of them at session start, and on whatever handlers
the root logger has by then (``logging.basicConfig`` in a conftest).
"""
from __future__ import annotations

import logging
import sys

import pytest

from loginsuite import secrets


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    install(session.config)


def logging_handlers(config: pytest.Config) -> list[logging.Handler]:
    """Every handler pytest's logging plugin holds (the attribute names differ between versions)."""
    plugin = config.pluginmanager.get_plugin("logging-plugin")
    if plugin is None:
        return []
    return [value for value in vars(plugin).values() if isinstance(value, logging.Handler)]


def install(config: pytest.Config) -> None:
    secrets.mask_handlers(logging_handlers(config))
    secrets.install_logging_filter()


def register(config: pytest.Config) -> None:
    """Called from the suite's pytest_configure (this module is also a plugin of its own, ``-p
    loginsuite.logmask``); its hook runs at session start, once the logging plugin exists."""
    this = sys.modules[__name__]
    if not config.pluginmanager.is_registered(this):
        config.pluginmanager.register(this, "bizd-log-masking")
