"""The nightly tests open only local files and servers they start: no host mapping to the mock."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def resolver_rules() -> str | None:
    return None
