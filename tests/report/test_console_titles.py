"""A walk that is not one entry's documented path is named for people in the manual's words, in the
reader's language: on its console line (and so in the report's row), never as a test id."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env
from loginsuite.run import REPORTS_ENV, ROOT


def _console(tmp_path: Path, *lang: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "loginsuite", *lang, "run", "--", "-k",
                           "test_documented_error_is_shown_for_its_cause", "-p", "no:cacheprovider"],
                          cwd=ROOT, text=True, capture_output=True, timeout=300, check=False,
                          env=clean_env(**{REPORTS_ENV: str(tmp_path / "reports")}))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Generated html report" not in done.stdout  # pytest-html's own announcement, said in the reader's words
    assert ("HTML report: file://" if lang else "HTMLレポート：file://") in done.stdout, done.stdout
    return [line for line in done.stdout.splitlines() if line.startswith("[") and "/2]" in line]


@pytest.mark.parametrize(("lang", "words"), [((), "記載のエラー{n}「"), (("--lang", "en"), "Documented error {n} 「")])
def test_each_documented_error_walk_has_its_line_in_the_manuals_words(tmp_path: Path, lang: tuple[str, ...],
                                                                       words: str) -> None:
    lines = _console(tmp_path, *lang)
    assert len(lines) == 2, lines
    for n, line in zip("①②", sorted(lines, key=lambda l: l.split("]", 1)[1]), strict=True):
        assert words.format(n=n) in line and "(p.34)" in line.replace("（p.34）", "(p.34)"), line
        assert "chromium" not in line and "\\u" not in line and "test_" not in line, line
