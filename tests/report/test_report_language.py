"""The report and revisions.md speak the reader's language, all of them: the sample suite (every class —
OK, STALE, DRIFT, UNREACHABLE, ERROR, N.A. — a proposed revision of a moved URL, a renamed button and a
changed shared screen, a screen changed since approved, a procedure that is not one entry's walk, the
comparison with a previous run) run once in Japanese and once in English, read as a person reads it:
the page's rendered text in Chromium with every part opened.

What a person reads that is not the report's own words is left out first: data (URLs, test ids, file
names, a program's own messages: the report marks them ``bizd-data``), the manual's own words and the
services' names (every string of flows/), the classes (the report's vocabulary, explained in its
legend), numbers and dates, pytest-html's result words in its results table (its filters read them).
What remains must be Japanese (no English word) in the Japanese report and English (no Japanese) in
the English one.
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, expect

from conftest import SAMPLE, SECRET, Job, clean_env, start, write_previous_results
from loginsuite import i18n
from loginsuite.flows import load_flows
from loginsuite.report import header
from loginsuite.run import ROOT

CLASSES = ("UNREACHABLE", "SKIPPED", "STALE", "DRIFT", "ERROR", "N.A.", "OK")
# Names, not words of either language: the browser, the programs and the formats the report names.
NAMES = ("pytest-html", "pytest", "Chromium", "chromium", "Python", "Playwright", "ARIA", "URL", "HTTP", "ID",
         "PNG", "HEAD", "bizd")
# Parts that are data, not the report's words (besides the elements marked bizd-data).
HIDDEN = ("script, style, template, .bizd-data, .log, .col-result, .col-testId, .col-duration, .col-links, "
          ".col-case, #environment td:nth-child(2)")
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]")


@functools.cache
def manual_words() -> list[str]:
    """Every string of flows/ (labels, titles, texts, service names, URLs…), longest first."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.add(node.strip())
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None and not isinstance(node, (int, float, bool)):
            found.add(str(node))

    for path in sorted((ROOT / "flows").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    # Entry labels: the URL table's own words (function, 管理者用 / 利用者（従業員）用, device).
    found |= {entry.label for service in load_flows(ROOT / "flows").services for entry in service.entries}
    return sorted((w for w in found if len(w) > 1), key=len, reverse=True)


def ci_variables() -> tuple[str, ...]:
    """The CI's own environment variables that pytest-metadata copies into the Environment table (CI,
    BUILD_ID…) when the tests run on a CI machine: names of the machine's, shown as they are."""
    from pytest_metadata.plugin import CONTINUOUS_INTEGRATION

    return tuple(var for provider in CONTINUOUS_INTEGRATION for var in provider if os.environ.get(var))


def residue(shown: str, extra: tuple[str, ...] = ()) -> str:
    """The text with what is not the report's own words taken out."""
    for word in (*extra, *ci_variables(), *manual_words()):
        shown = shown.replace(word, " ")
    shown = re.sub(r"「[^」]*」", " ", shown)  # the manual's quoted words
    shown = re.sub(r"(?:https?|about):\S+|\S+\.(?:png|zip|json|md|html|yml)\b|\S+::\S+", " ", shown)
    shown = re.sub(r"\b(?:p\.\d+|v?\d[\d.:,/%×x-]*)", " ", shown)
    for word in (*CLASSES, *NAMES):
        shown = re.sub(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", " ", shown)
    return shown


def english_words(shown: str, extra: tuple[str, ...] = ()) -> list[str]:
    return sorted(set(re.findall(r"[A-Za-z]{2,}", residue(shown, extra))))


def japanese_left(shown: str, extra: tuple[str, ...] = ()) -> list[str]:
    lines = [line.strip() for line in residue(shown, extra).splitlines()]
    return [line for line in lines if JAPANESE.search(line)]


def start_sample(folder: Path, lang: str) -> Job:
    """The sample suite and its language walks, in ``lang``."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(SAMPLE / "sample_conftest.py", project / "conftest.py")
    shutil.copy(SAMPLE / "sample_walks.py", project / "test_walks.py")
    shutil.copy(SAMPLE / "sample_language_walks.py", project / "test_language_walks.py")
    previous = write_previous_results(folder / "previous-results.json")
    run = folder / "run"
    return start([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q",
                  f"--html={run / 'report.html'}", "--self-contained-html", f"--run-dir={run}",
                  f"--previous-run={previous}"],
                 project, folder / "pytest.log", clean_env(SAMPLE_SECRET=SECRET, BIZD_LANG=lang))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The sample in Japanese and in English, both at once."""
    jobs = {lang: (start_sample(tmp_path_factory.mktemp(lang), lang)) for lang in ("ja", "en")}
    folders = {}
    try:
        for lang, job in jobs.items():
            code, output, _seconds = job.wait()
            folder = job.log.parent / "run"
            assert code == 1 and (folder / "report.html").is_file(), output[-3000:]
            folders[lang] = folder
        yield folders
    finally:
        for job in jobs.values():
            if job.process.poll() is None:
                job.process.kill()
                job.process.wait()


def rendered_text(browser: Browser, report: Path) -> str:
    """What a person reads: every folded part opened, every test's details shown, data left out."""
    page = browser.new_page()
    try:
        page.goto(report.as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.locator("#show_all_details").click()
        page.add_style_tag(content=f"{HIDDEN} {{ display: none !important; }}")
        return str(page.evaluate("document.body.innerText"))
    finally:
        page.close()


def test_the_sample_has_every_class_and_a_revision(runs: dict[str, Path]) -> None:
    results = json.loads((runs["ja"] / "results.json").read_text(encoding="utf-8"))
    assert {"OK", "STALE", "DRIFT", "UNREACHABLE", "ERROR", "N.A."} <= {t["class"] for t in results["tests"]}
    assert results["revisions"] and any(s["status"] == "changed" for s in results["screens"])
    assert any(t.get("procedure") and t["screenshots"] for t in results["tests"])  # a procedure's own row
    english = json.loads((runs["en"] / "results.json").read_text(encoding="utf-8"))
    assert [t["class"] for t in english["tests"]] == [t["class"] for t in results["tests"]]  # machine keys


def test_the_japanese_report_has_no_english_word_left(runs: dict[str, Path], report_browser: Browser) -> None:
    shown = rendered_text(report_browser, runs["ja"] / "report.html")
    assert "検証結果一覧" in shown and "改定案" in shown and "年" in shown
    assert english_words(shown) == []


def test_the_english_report_is_all_english(runs: dict[str, Path], report_browser: Browser) -> None:
    shown = rendered_text(report_browser, runs["en"] / "report.html")
    assert "Coverage matrix" in shown and "Proposed revisions" in shown
    assert japanese_left(shown) == []


def test_revisions_md_in_both_languages(runs: dict[str, Path]) -> None:
    def words(lang: str) -> str:
        md = (runs[lang] / "revisions.md").read_text(encoding="utf-8")
        md = re.sub(r"!\[[^\]]*\]\([^)]*\)|`[^`]*`", " ", md)  # pictures (caption: the step's) and entry ids
        return md.replace("**", " ")

    japanese, english = words("ja"), words("en")
    assert "改定案" in japanese and "Proposed revisions" in english
    run = (socket.gethostname(), header.suite_version())  # data: where and with which code it ran
    assert english_words(japanese, run) == []
    assert japanese_left(english, run) == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_interrupted_run_says_so_in_the_readers_language(lang: str) -> None:
    was = i18n.language()
    i18n.set_language(lang)
    try:
        html = header.verdict_html({"OK": 2, "ERROR": 1}, "interrupted", None)
    finally:
        i18n.set_language(was)
    shown = re.sub(r"<[^>]+>", " ", html)
    assert "interrupted" in html  # data-status: a machine key
    if lang == "ja":
        assert "中断" in shown and english_words(shown) == []
    else:
        assert "interrupted" in shown and japanese_left(shown) == []


def test_dates_are_written_as_the_reader_writes_them() -> None:
    was = i18n.language()
    try:
        i18n.set_language("ja")
        assert i18n.format_day("2026-12-03") == "2026年12月3日"
        i18n.set_language("en")
        assert i18n.format_day("2026-12-03") == "December 3, 2026"
    finally:
        i18n.set_language(was)


def test_a_procedure_row_has_its_numbered_screenshots_and_documented_url(runs: dict[str, Path],
                                                                        report_browser: Browser) -> None:
    """The appendix, invitation and negative paths have no walk of one entry: their rows carry their own
    numbered screenshots (under their own file names) and the URL flows documents, like the walks'."""
    results = json.loads((runs["ja"] / "results.json").read_text(encoding="utf-8"))
    [row] = [t for t in results["tests"] if "::test_signing_out_of_the_account_site[" in t["test"]]
    assert row["url"] == "https://id-biz.smt.docomo.ne.jp/" and len(row["screenshots"]) == 2
    assert all(s["path"].startswith("shots/signing_out_of_the_account_site-") for s in row["screenshots"])
    page = report_browser.new_page()
    try:
        page.goto((runs["ja"] / "report.html").as_uri())
        cells = page.locator(".bizd-others tr[data-test*='::test_signing_out_of_the_account_site[']")
        expect(cells).to_contain_text(row["procedure"])
        expect(cells).to_contain_text("https://id-biz.smt.docomo.ne.jp/")
        thumbs = cells.locator("img.bizd-thumb")
        expect(thumbs).to_have_count(2)
        thumbs.first.click()
        expect(page.locator("#bizd-lightbox")).to_be_visible()
        natural, shown = page.locator("#bizd-lightbox img").evaluate(
            "i => [i.naturalWidth, i.getBoundingClientRect().width]")
        assert natural >= 800 and shown == natural  # full size
    finally:
        page.close()
