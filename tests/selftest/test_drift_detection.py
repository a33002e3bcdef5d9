"""A test must be able to fail: every drift scenario of the mock makes the suite fail with a message
naming the service, the manual page, the step and the documented label."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from drift_cases import EXPECTED, Expected

from mocksites.scenarios import registry

ROOT = Path(__file__).resolve().parents[2]
DRIFT = sorted(name for name, s in registry().items() if s.kind == "drift")  # cosmetic: tests/shots


def run_walks(scenario: str, expected: Expected, tmp_path: Path) -> tuple[int, list[str], str]:
    junit = tmp_path / "junit.xml"
    command = [
        sys.executable, "-m", "pytest", *expected.select, f"--mock-scenario={scenario}",
        f"--junitxml={junit}", "-p", "no:randomly", "-q", "--tb=short", "-o", "addopts=-p no:cacheprovider",
        f"--output={tmp_path / 'pw'}",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "BIZD_LANG": "en"})
    failures = []
    output = done.stdout + done.stderr
    if junit.exists():
        for prop in ET.parse(junit).iter("property"):
            output += f"\nproperty {prop.get('name')}={prop.get('value')}"
        for case in ET.parse(junit).iter("testcase"):
            for failure in [*case.iter("failure"), *case.iter("error")]:
                failures.append(f"{failure.get('message', '')}\n{failure.text or ''}")
    return done.returncode, failures, output


def test_every_drift_scenario_has_an_expectation() -> None:
    assert sorted(set(DRIFT) - set(EXPECTED)) == [], "a drift scenario of the mock the suite is not checked against"
    assert sorted(set(EXPECTED) - set(DRIFT)) == [], "an expectation for a scenario the mock no longer has"


@pytest.mark.parametrize("scenario", DRIFT)
def test_drift_scenario_is_caught(scenario: str, tmp_path: Path, record_property: pytest.RecordProperty) -> None:
    expected = EXPECTED[scenario]
    record_property("drift_scenario", scenario)
    code, failures, output = run_walks(scenario, expected, tmp_path)
    if expected.outcome == "passed":
        assert code == 0, f"{scenario}: the walk should pass (not drift)\n{output[-3000:]}"
        assert expected.mention and expected.mention in output, f"{scenario}: new address not reported\n{output[-2000:]}"
        return
    assert code == 1, f"{scenario}: the suite did not fail (exit {code})\n{output[-3000:]}"
    wanted = [f"[{expected.service}]", f"manual p.{expected.page}", expected.label]
    if expected.step:
        wanted.append(f"step {expected.step}" if expected.step[0] in "①②③④⑤⑥⑦⑧⑨⑩" else expected.step)
    if expected.mention:
        wanted.append(expected.mention)
    matching = [f for f in failures if all(w in f for w in wanted)]
    assert matching, f"{scenario}: no failure names all of {wanted}:\n" + "\n---\n".join(failures)[:4000]


def test_returning_user_path_walks_without_consent(tmp_path: Path) -> None:
    """--login-path both: first login with consent, then the returning user's sign-in without it."""
    command = [sys.executable, "-m", "pytest", "tests/walks/test_documented_paths.py", "--service", "karaden-sms",
               "--login-path", "both", "--check-timeout=15000", "-q", "-p", "no:cacheprovider", f"--output={tmp_path / 'pw'}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-3000:]
