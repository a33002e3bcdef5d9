"""Detection power, summed up: caught/total drift scenarios printed at the end of the run (xdist-safe:
carried in each report's user_properties to the controller)."""
from __future__ import annotations

import pytest

_CAUGHT: dict[str, bool] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for key, value in report.user_properties:
        if key == "drift_scenario":
            _CAUGHT[value] = report.passed


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _CAUGHT:
        caught = sum(_CAUGHT.values())
        missed = sorted(name for name, ok in _CAUGHT.items() if not ok)
        terminalreporter.write_sep("-", f"drift scenarios caught: {caught}/{len(_CAUGHT)}")
        if missed:
            terminalreporter.write_line("missed: " + ", ".join(missed))
