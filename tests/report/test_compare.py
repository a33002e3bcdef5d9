"""Comparing two runs: newly failing, fixed, still failing; the CLI reads folders or results.json."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from loginsuite.compare import compare, format_comparison, print_comparison


def _results(**classes: str) -> dict[str, Any]:
    checks = []
    for key, cls in classes.items():
        case, check = key.split("__")
        checks.append({"id": f"{case}/{check}", "test": f"t.py::walk[{case}]", "service": case.title(),
                       "entry": case, "check": check, "page": 7, "step": "①" if check == "entry" else None,
                       "status": "passed" if cls == "OK" else "failed", "class": cls, "message": f"{cls} msg"})
    return {"format": "bizd-results/1", "run": {"started": "2025-05-01T03:00:00", "target": "live"}, "checks": checks}


def test_comparison_sorts_checks_into_newly_failing_fixed_and_still_failing() -> None:
    before = _results(a__url="OK", b__screen="DRIFT", c__url="UNREACHABLE", d__entry="DRIFT", e__id="OK")
    after = _results(a__url="DRIFT", b__screen="OK", c__url="DRIFT", d__entry="SKIPPED", f__url="ERROR")
    result = compare(before, after)
    assert [c.id for c in result.newly_failing] == ["a/url", "f/url"]
    assert [c.id for c in result.fixed] == ["b/screen"]
    assert [(c.id, c.before, c.after) for c in result.still_failing] == [("c/url", "UNREACHABLE", "DRIFT")]
    assert [c.id for c in result.unverified] == ["d/entry"]  # skipped now: not claimed as fixed
    assert "A [a] url (p.7): OK → DRIFT — DRIFT msg" in format_comparison(result)


def _write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True)
    (folder / "results.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_compare_command_reads_run_folders_and_exits_1_on_newly_failing(tmp_path: Path) -> None:
    before = _write(tmp_path / "20250501-030000-nightly", _results(a__url="OK"))
    after = _write(tmp_path / "20250502-030000-nightly", _results(a__url="DRIFT"))
    done = subprocess.run([sys.executable, "-m", "loginsuite", "compare", str(before), str(after / "results.json")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert "newly failing: 1" in done.stdout and "fixed: 0" in done.stdout and "still failing: 0" in done.stdout


def test_compare_exits_0_without_newly_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _write(tmp_path / "a", _results(a__url="DRIFT"))
    after = _write(tmp_path / "b", _results(a__url="OK"))
    assert print_comparison(before, after) == 0
    assert "fixed: 1" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("{not json", "not JSON"),
    ('{"checks": []}', "not a results.json of this suite"),
])
def test_compare_names_an_unreadable_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         content: str | None, message: str) -> None:
    bad = tmp_path / "results.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    good = _write(tmp_path / "good", _results(a__url="OK"))
    assert print_comparison(bad, good) == 2
    assert message in capsys.readouterr().err
