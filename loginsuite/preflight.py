"""Live runs check the code source before anything signs in: a mailbox mistake found after the ID
is typed would cost the account's one sign-in (and a wrong code counts towards a lock).

At session start (in the xdist controller, before any worker starts a browser) the configured code
source is built and its ``preflight()`` run: mailbox sign-in, folder, sender/subject filters, or a
terminal for the prompt. Any problem stops the run with pytest's usage error, naming the setting
to change. The checked source is kept for this process's sign-in.
"""
from __future__ import annotations

import sys

import pytest

from loginsuite import credentials
from loginsuite.codes import CodeSource, CodeSourceError, code_source_from_env, preflight
from loginsuite.i18n import _

SOURCE_KEY = pytest.StashKey[CodeSource]()


def needed(config: pytest.Config) -> bool:
    """Whether this run will sign in live (the same conditions the walks' run_values applies)."""
    from loginsuite.plugin import settings

    s = settings(config)
    return s.live and s.sign_in and credentials.load_credentials() is not None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput") or not needed(config):
        return
    try:
        source = code_source_from_env()
        notes = preflight(source)
    except CodeSourceError as exc:
        raise pytest.UsageError(_("stopped before any sign-in: {error}").format(error=exc)) from None
    config.stash[SOURCE_KEY] = source
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for note in notes:
        if reporter is not None:
            reporter.write_line(_("warning: {note}").format(note=note), yellow=True)


def code_source(config: pytest.Config) -> CodeSource:
    """The code source for this process's live sign-in: the one checked at session start, or (in an
    xdist worker, whose controller checked the same settings) a new one."""
    return config.stash.get(SOURCE_KEY, None) or code_source_from_env()


def register(config: pytest.Config) -> None:
    this = sys.modules[__name__]
    if not config.pluginmanager.is_registered(this):
        config.pluginmanager.register(this, "bizd-code-preflight")
