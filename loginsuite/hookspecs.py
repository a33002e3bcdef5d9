"""Hooks the suite adds to pytest, so the report can take part in a walk without the walk knowing it."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.hookspec
def pytest_bizd_step_screenshot(item: pytest.Item, page: Any, step: Any, screen: Any, caption: str, record: Any) -> None:
    """A documented step is about to be performed on ``screen``: take its numbered screenshot.

    ``record``: the walk's ``WalkRecord``; None for a documented procedure that is not one entry's walk
    (``loginsuite.report.plugin.record_procedure`` names it; its pictures go to its own matrix row)."""
