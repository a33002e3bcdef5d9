"""conftest.py of the synthetic suite the report tests run (copied into a temporary folder).

The suite's plugin and the report plugin, pytest-playwright's browser launched as the suite launches it.
"""
from __future__ import annotations

from typing import Any

import pytest

from loginsuite.browser import launch_options

pytest_plugins = ["loginsuite.plugin", "loginsuite.report.plugin"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, **launch_options()}
