"""Japanese in screenshots, measured: the glyph check passes where a Japanese font is installed and
finds the boxes where Chromium has only a Latin font or none; a run without one stops before a walk;
a Chromium that drew Japanese is measured again only when it or its fonts change."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import BrowserType, Page

from loginsuite.browser import launch_options
from loginsuite.report import glyphs
from loginsuite.report.glyphs import SAMPLE, missing_glyphs, refusal

ROOT = Path(__file__).resolve().parents[2]


def _missing_with(browser_type: BrowserType, fonts_conf: Path) -> list[str]:
    browser = browser_type.launch(**launch_options(), env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf)})
    try:
        return missing_glyphs(browser.new_page())
    finally:
        browser.close()


def test_this_chromium_draws_every_japanese_sample_character(page: Page) -> None:
    assert missing_glyphs(page) == []


def test_a_latin_only_chromium_draws_the_japanese_as_boxes_but_not_the_circled_numbers(
        browser_type: BrowserType, latin_only_fonts: Path) -> None:
    missing = _missing_with(browser_type, latin_only_fonts)
    assert set("ログイン手順") <= set(missing)


def test_a_chromium_without_fonts_draws_nothing_of_the_sample(browser_type: BrowserType, no_fonts: Path) -> None:
    assert set(_missing_with(browser_type, no_fonts)) == set(SAMPLE)


def test_the_refusal_names_the_characters_and_the_package_to_install() -> None:
    message = refusal(["ロ", "グ"])
    assert "「ロ」「グ」" in message and "fonts-noto-cjk" in message


def test_a_run_without_a_japanese_font_stops_before_any_walk_and_says_what_to_install(
        tmp_path: Path, latin_only_fonts: Path) -> None:
    shots = tmp_path / "shots"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "tests" / "walks" / "test_documented_paths.py"),
         "-k", "cloudsign", "-p", "no:xdist", "-q", f"--shots-dir={shots}", f"--rootdir={ROOT}"],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "FONTCONFIG_FILE": str(latin_only_fonts), "BIZD_LANG": "en"},
    )
    output = done.stdout + done.stderr
    assert done.returncode == 4, output[-2000:]
    assert "Chromium has no Japanese font" in output and "fonts-noto-cjk" in output
    assert "passed" not in output.splitlines()[-1]
    assert not list(shots.glob("*.png"))


def test_the_glyphs_command_measures_this_machine_and_names_the_font_when_it_lacks_one(
        tmp_path: Path, latin_only_fonts: Path) -> None:
    def glyphs(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "loginsuite", "glyphs"], check=False, cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env={**os.environ, "BIZD_LANG": "en", **env})

    fine = glyphs()
    assert fine.returncode == 0 and "every character has a glyph" in fine.stdout, fine.stderr[-1000:]
    boxes = glyphs(FONTCONFIG_FILE=str(latin_only_fonts))
    assert boxes.returncode == 1 and "fonts-noto-cjk" in boxes.stderr and "「ロ」" in boxes.stderr


def test_a_chromium_that_drew_japanese_is_not_launched_again_for_the_same_fonts_but_is_for_others(
        tmp_path: Path, latin_only_fonts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    answers: list[list[str]] = [[], ["ロ"], ["ロ"], []]
    launches: list[str] = []

    def measure(chromium: str | None = None, remote: str | None = None) -> list[str]:
        launches.append(os.environ.get("FONTCONFIG_FILE", "default fonts"))
        return answers.pop(0)

    monkeypatch.setattr(glyphs, "measure_browser", measure)
    assert glyphs.browser_missing_glyphs() == [] and glyphs.browser_missing_glyphs() == []
    assert launches == ["default fonts"]
    monkeypatch.setenv("FONTCONFIG_FILE", str(latin_only_fonts))
    assert glyphs.browser_missing_glyphs() == ["ロ"] and glyphs.browser_missing_glyphs() == ["ロ"]
    assert launches[1:] == [str(latin_only_fonts)] * 2, "boxes are never remembered: measured every run"
    assert glyphs.browser_missing_glyphs(remote="ws://browsers.example:3000/") == []
    assert len(launches) == 4, "a browser server's fonts are not this machine's: always measured"
