"""Fixtures for the mail tests: a real Dovecot on loopback (session), an IMAP source on its INBOX.

Skipped where Dovecot is missing or we are not root (it must switch to the mail user); on CI
(env CI set) those tests fail instead, because there they must run.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from dovecot_server import Dovecot, require_dovecot, running_dovecot

from loginsuite import i18n
from loginsuite.codes import ImapSource


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    require_dovecot()
    with running_dovecot() as server:
        yield server


@pytest.fixture
def mailbox(dovecot: Dovecot) -> Iterator[ImapSource]:
    """An IMAP code source on the throwaway user's INBOX (closed afterwards)."""
    source = dovecot.source()
    yield source
    source.close()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The mail tests read messages in English (the msgids); one test checks the Japanese."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
