"""The nightly tests open only local files and servers they start: no host mapping to the mock."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from receivers import Mail, Webhook, smtp, webhook


@pytest.fixture(scope="session")
def resolver_rules() -> str | None:
    return None


@pytest.fixture
def hook() -> Iterator[Webhook]:
    """A JSON webhook receiver on loopback."""
    with webhook() as receiver:
        yield receiver


@pytest.fixture
def mail(tmp_path: Path) -> Iterator[Mail]:
    """A real SMTP server (aiosmtpd) on loopback filing into a Maildir."""
    with smtp(tmp_path / "maildir") as receiver:
        yield receiver
