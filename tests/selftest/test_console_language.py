"""The main job's console in the reader's language: one line per walk as it finishes and the closing
summary, Japanese by default, English with --lang en (also in pytest-xdist workers).

A small suite of stand-in walks (records, no browser) run by pytest in a subprocess with the suite's
plugin and the report plugin, quiet as the main job runs it (``loginsuite.run.quiet_console``).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loginsuite.run import quiet_console

WALKS = '''
import pytest
from loginsuite.mismatch import CheckRecord, ManualMismatch, Where
from loginsuite.results import WALK_KEY, WalkRecord


def walk(request, entry_id, service, **checks):
    record = WalkRecord(service_id=entry_id, service=service, entry_id=entry_id, entry_label="", page=16)
    for name, status in checks.items():
        record.record(CheckRecord(name, status))
    request.node.stash[WALK_KEY] = record


def test_passes(request):
    walk(request, "cloudsign", "dX電子契約", url="passed", screen="passed", entry="passed", id="passed")


def test_drifts(request):
    walk(request, "newspicks", "NewsPicks+d プレミアム会員", url="passed", screen="failed")
    raise ManualMismatch(Where("NewsPicks+d プレミアム会員", 12, None, "screen"), expected="button 「ログイン」",
                         problem="not shown")
'''
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e]")
SERVICES = ("dX電子契約", "NewsPicks+d プレミアム会員")
CLASS_NAMES = r"\b(OK|STALE|DRIFT|UNREACHABLE|N\.A\.|ERROR|SKIPPED)\b"


def main_run(tmp_path: Path, *args: str, lang: str | None) -> list[str]:
    """The stand-in run's console lines: ``--lang lang``, or (None) neither --lang nor BIZD_LANG."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["loginsuite.plugin", "loginsuite.report.plugin"]\n')
    (tmp_path / "test_walks.py").write_text(textwrap.dedent(WALKS))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BIZD_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:playwright", "-p", "no:randomly",
         f"--run-dir={tmp_path / 'run'}", *quiet_console(), *(["--lang", lang] if lang else []), *args],
        check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1, done.stdout + done.stderr  # the drift fails the run
    return done.stdout.splitlines()


def walk_lines(lines: list[str]) -> list[str]:
    """The lines of finished walks, without their count (``[1/2] ``, serial runs only)."""
    return [re.sub(r"^\[\d/2\] ", "", line) for line in lines if re.match(r"^(\[\d/2\] )?(OK|DRIFT) ", line)]


def summary(lines: list[str]) -> str:
    (line,) = [line for line in lines if line.startswith("bizd: ") and " — " in line]
    return line


def words(line: str) -> list[str]:
    """Latin words left in a line without what every language shows alike: the tool's tag, class
    names, the services' names and entry ids."""
    for name in SERVICES:
        line = line.replace(name, " ")
    line = re.sub(CLASS_NAMES + r"|\bbizd:|\b(cloudsign|newspicks)\b", " ", line)
    return re.findall(r"[A-Za-z]{2,}", line)


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_walk_lines_and_summary_are_japanese_by_default(tmp_path: Path, workers: list[str]) -> None:
    lines = main_run(tmp_path, *workers, lang=None)
    walked = walk_lines(lines)
    assert sorted(re.sub(r"（\d+\.\d 秒）", "（秒）", line) for line in walked) == [
        "DRIFT       NewsPicks+d プレミアム会員 · newspicks  （秒）", "OK          dX電子契約 · cloudsign  （秒）"]
    line = summary(lines)
    assert line.startswith("bizd: DRIFT — 検証：") and "マニュアルの改定案" in line, line
    assert [(line, found) for line in [*walked, line] if (found := words(line))] == []


def test_walk_lines_and_summary_are_english_with_lang_en(tmp_path: Path) -> None:
    lines = main_run(tmp_path, "-n", "2", lang="en")
    assert len(walk_lines(lines)) == 2
    line = summary(lines)
    assert re.fullmatch(r"bizd: DRIFT — walks: .*; 1 revision\(s\) of the manual proposed", line), line
    rest = line
    for name in SERVICES:
        rest = rest.replace(name, "")
    assert not _JAPANESE.search(rest), line
