"""The scheduled CI workflow: valid YAML, a well-formed cron, the steps a night needs, real commands."""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from loginsuite.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "nightly.yml"

WORKFLOW_KEYS = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
JOB_KEYS = {"name", "runs-on", "needs", "if", "permissions", "environment", "concurrency", "outputs", "env",
            "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services"}
STEP_KEYS = {"id", "if", "name", "uses", "run", "shell", "with", "env", "continue-on-error", "timeout-minutes",
             "working-directory"}
# minute hour day-of-month month day-of-week; each a list of *, N, N-M, with an optional /step
CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
_CRON_PART = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?$")


def cron_is_valid(expression: str) -> bool:
    fields = expression.split()
    if len(fields) != 5:
        return False
    for field, (low, high) in zip(fields, CRON_RANGES):
        for part in field.split(","):
            if not _CRON_PART.match(part):
                return False
            numbers = [int(n) for n in re.findall(r"\d+", part.split("/")[0])]
            if any(not low <= n <= high for n in numbers) or numbers != sorted(numbers):
                return False
            if "/" in part and int(part.split("/")[1]) == 0:
                return False
    return True


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    value = workflow.get("on", workflow.get(True))
    assert isinstance(value, dict)
    return value


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def commands(workflow: dict[Any, Any]) -> list[str]:
    """Every shell line of every run step, with folded continuations joined."""
    lines = []
    for step in steps(workflow):
        lines += str(step.get("run", "")).replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip()]


@pytest.mark.parametrize(
    ("expression", "valid"),
    [("17 18 * * *", True), ("0 */6 * * 1-5", True), ("0,30 3 1 * 0", True), ("60 3 * * *", False),
     ("0 3 * *", False), ("0 5-2 * * *", False), ("0 3 * * MON", False), ("*/0 * * * *", False)],
)
def test_the_cron_checker_accepts_only_five_field_numeric_cron(expression: str, valid: bool) -> None:
    assert cron_is_valid(expression) is valid


def test_the_workflow_has_the_known_keys_at_every_level(workflow: dict[Any, Any]) -> None:
    assert set(map(str, workflow)) - {"True"} <= WORKFLOW_KEYS
    assert workflow["jobs"], "no jobs"
    for name, job in workflow["jobs"].items():
        assert set(job) <= JOB_KEYS, name
        assert job["runs-on"] and job["steps"]
    for step in steps(workflow):
        assert set(step) <= STEP_KEYS, step
        assert ("uses" in step) != ("run" in step), f"a step runs a command or uses an action: {step}"


def test_it_runs_every_night_on_a_valid_cron_and_by_hand(workflow: dict[Any, Any]) -> None:
    on = triggers(workflow)
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons and all(cron_is_valid(c) for c in crons), crons
    assert crons[0].split()[2:] == ["*", "*", "*"], "every day"
    assert "workflow_dispatch" in on


def test_actions_are_pinned_to_a_major_version(workflow: dict[Any, Any]) -> None:
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_it_sets_up_runs_the_nightly_command_and_compares_with_the_previous_night(workflow: dict[Any, Any]) -> None:
    lines = commands(workflow)
    assert "bash scripts/setup" in lines
    assert any("python -m loginsuite nightly" in line for line in lines)
    assert any("gh run download" in line and "nightly-history" in line for line in lines)
    assert any("python -m loginsuite compare" in line for line in lines)
    assert any("python -m loginsuite history" in line for line in lines)


def test_the_workflows_loginsuite_commands_parse_with_the_real_command_line(workflow: dict[Any, Any]) -> None:
    parser = build_parser()
    found = 0
    for line in commands(workflow):
        if "-m loginsuite" not in line:
            continue
        line = re.sub(r"\$\{\{.*?\}\}", "", line).split("||")[0]
        words = shlex.split(line.replace('"$', '"').replace("$", ""))
        argv = words[words.index("loginsuite") + 1:]
        parser.parse_args(argv)  # exits (SystemExit) on an unknown option
        found += 1
    assert found >= 3


def test_report_results_and_history_are_uploaded_even_when_the_night_fails(workflow: dict[Any, Any]) -> None:
    uploads = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    names = {s["with"]["name"]: s for s in uploads}
    assert {"nightly-report", "nightly-history"} <= set(names)
    assert all(s.get("if") == "always()" for s in uploads)
    assert "reports/" in names["nightly-report"]["with"]["path"]  # report.html and results.json
    assert names["nightly-history"]["with"]["path"].startswith("history")
    history_step = next(s for s in steps(workflow) if "loginsuite history" in str(s.get("run", "")))
    assert history_step.get("if") == "always()"


def test_the_runner_gets_a_japanese_font_before_the_night_takes_screenshots(workflow: dict[Any, Any]) -> None:
    lines = commands(workflow)
    installs = [i for i, line in enumerate(lines) if "apt-get install" in line and "fonts-noto-cjk" in line]
    nightly = next(i for i, line in enumerate(lines) if "python -m loginsuite nightly" in line)
    assert installs and installs[0] < nightly
    assert "sudo" in lines[installs[0]], "the GitHub runner is not root: scripts/setup cannot install it there"
    setup = lines.index("bash scripts/setup")
    measured = [i for i, line in enumerate(lines) if "python -m loginsuite glyphs" in line]
    assert measured and installs[0] < setup < measured[0] < nightly, "the glyphs are measured before the night"


def test_alerts_read_their_channels_from_a_secret_and_the_previous_nights(workflow: dict[Any, Any]) -> None:
    night = next(s for s in steps(workflow) if "loginsuite nightly" in str(s.get("run", "")))
    assert night["env"]["BIZD_NOTIFY_URLS"] == "${{ secrets.BIZD_NOTIFY_URLS }}"
    assert "--notify" in night["run"] and "secrets.BIZD_NOTIFY_URLS" in night["run"]  # only when it is set
    assert "--history previous/nights" in night["run"]  # yesterday's findings: new or still there
    fetch = steps(workflow).index(next(s for s in steps(workflow) if "gh run download" in str(s.get("run", ""))))
    assert fetch < steps(workflow).index(night)
