"""history.html from synthetic results.json files: the grid, the first drift, the links, in a browser, in
the reader's language (Japanese by default, English on request)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from loginsuite import runstate
from loginsuite.classify import Verdict
from loginsuite.cli import main as cli
from loginsuite.nightly.history import first_drift, load_nights, render, write_history

SERVICES = ("dX電子契約", "dX勤怠・労務管理", "まるごとビジネスサポート")


def check(service: str, cls: str, check_name: str = "screen", message: str = "") -> dict[str, Any]:
    status = {"OK": "passed", "N.A.": "not_applicable"}.get(cls, "failed")
    return {"id": f"{service}::{check_name}", "service": service, "entry": service, "step": None,
            "check": check_name, "status": status, "class": cls, "duration": 0.5, "message": message}


def night(reports: Path, stamp: str, classes: dict[str, str], wrapped: bool = True, report: bool = True) -> Path:
    """One run folder as the nightly command leaves it: results.json (+ report.html)."""
    folder = reports / f"{stamp}-nightly"
    folder.mkdir(parents=True)
    checks = [check(s, "OK", "url") for s in classes if classes[s] not in ("N.A.", "SKIPPED")]
    checks += [check(s, cls, message=f"{s}: expected 「ログイン」 — not shown" if cls == "DRIFT" else "")
               for s, cls in classes.items()]
    data: Any = {"run": {"target": "live"}, "checks": checks} if wrapped else checks
    (folder / "results.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if report:
        (folder / "report.html").write_text("<html>report</html>", encoding="utf-8")
    return folder


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """Four nights: 電子契約 drifts on the second and stays drifted; 勤怠 is unreachable once."""
    root = tmp_path / "reports"
    sign, kintai, marugoto = SERVICES
    night(root, "20250501-030000", {sign: "OK", kintai: "OK", marugoto: "N.A."})
    night(root, "20250502-030000", {sign: "DRIFT", kintai: "OK", marugoto: "N.A."}, wrapped=False)
    night(root, "20250503-030000", {sign: "UNREACHABLE", kintai: "UNREACHABLE", marugoto: "N.A."})
    night(root, "20250504-030000", {sign: "DRIFT", kintai: "OK", marugoto: "N.A."}, report=False)
    (root / "20250504-120000-mock").mkdir()  # a main-job run: not a night
    (root / "20250504-120000-mock" / "results.json").write_text("[]", encoding="utf-8")
    return root


def test_nights_are_read_oldest_first_with_the_worst_class_per_service(reports: Path) -> None:
    nights, problems = load_nights(reports, reports)
    assert problems == []
    assert [n.when.day for n in nights] == [1, 2, 3, 4]
    assert [n.cells["dX電子契約"] for n in nights] == [Verdict.OK, Verdict.DRIFT, Verdict.UNREACHABLE, Verdict.DRIFT]
    assert nights[0].cells["まるごとビジネスサポート"] is Verdict.NOT_APPLICABLE


def test_a_drift_dates_from_its_first_night_and_an_unreachable_night_does_not_end_it(reports: Path) -> None:
    nights, _ = load_nights(reports, reports)
    since, fixed = first_drift("dX電子契約", nights)
    assert (since and since.day, fixed) == (2, None)
    assert first_drift("dX勤怠・労務管理", nights) == (None, None)


@pytest.mark.usefixtures("english")
def test_a_fixed_drift_shows_when_it_was_fixed(tmp_path: Path) -> None:
    night(tmp_path, "20250601-030000", {"dXメール配信": "DRIFT"})
    night(tmp_path, "20250602-030000", {"dXメール配信": "OK"})
    nights, _ = load_nights(tmp_path, tmp_path)
    since, fixed = first_drift("dXメール配信", nights)
    assert since and fixed and (since.day, fixed.day) == (1, 2)
    assert "June 1, 2025 (fixed June 2, 2025)" in render(nights)


def test_a_second_night_started_in_the_same_second_is_drawn_too(reports: Path) -> None:
    again = night(reports, "second", {"dX電子契約": "OK"})
    again.rename(reports / "20250504-030000-nightly-2")  # the run folder of a second start that second
    nights, _ = load_nights(reports, reports)
    assert [n.folder.name for n in nights][-1] == "20250504-030000-nightly-2"


def test_an_unreadable_results_file_is_reported_and_the_others_drawn(reports: Path) -> None:
    broken = reports / "20250505-030000-nightly"
    broken.mkdir()
    (broken / "results.json").write_text("{not json", encoding="utf-8")
    nights, problems = load_nights(reports, reports)
    assert len(nights) == 4
    assert len(problems) == 1 and "20250505-030000-nightly" in problems[0]


def test_each_night_links_to_its_report_or_the_ci_run(reports: Path) -> None:
    (reports / "20250503-030000-nightly" / "report-url.txt").write_text("https://ci.example/runs/3\n")
    page = render(load_nights(reports, reports)[0])
    assert 'href="20250501-030000-nightly/report.html"' in page
    assert 'href="https://ci.example/runs/3"' in page
    assert len(re.findall(r"<a href=", page)) == 3  # the fourth night has no report to link


@pytest.mark.usefixtures("english")
def test_the_history_command_writes_a_self_contained_page(reports: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site" / "history.html"
    assert cli(["history", str(reports), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert 'href="../reports/20250501-030000-nightly/report.html"' in page
    assert cli(["history", str(tmp_path / "empty")]) == 1
    assert "no *-nightly*/results.json" in capsys.readouterr().err


def test_write_history_draws_nothing_without_nights(tmp_path: Path) -> None:
    assert write_history(tmp_path, tmp_path / "history.html") is False
    assert not (tmp_path / "history.html").exists()


@pytest.mark.usefixtures("english")
def test_the_grid_reads_as_coloured_cells_in_a_browser(reports: Path, page: Page) -> None:
    out = reports / "history.html"
    assert write_history(reports, out)
    page.goto(out.as_uri())
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="dX電子契約"))
    expect(row.get_by_role("cell")).to_have_text(["May 2, 2025 (drifting)", "OK", "DRIFT", "UNR", "DRIFT"])
    drift_cell = row.get_by_role("cell", name="DRIFT", exact=True).first
    expect(drift_cell).to_have_attribute("title", re.compile("expected 「ログイン」 — not shown"))
    assert drift_cell.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(244, 166, 166)"
    page.get_by_role("link", name=re.compile("May 1, 2025")).click()
    expect(page).to_have_url(re.compile(r"20250501-030000-nightly/report\.html$"))


def test_a_stale_night_has_its_own_colour_and_ends_a_drift(tmp_path: Path) -> None:
    sign = SERVICES[0]
    night(tmp_path, "20250501-030000", {sign: "DRIFT"})
    night(tmp_path, "20250502-030000", {sign: "STALE"})
    nights, _ = load_nights(tmp_path, tmp_path)
    assert nights[1].cells[sign] is Verdict.STALE
    assert first_drift(sign, nights)[1] == nights[1].when  # the procedure works again
    page = render(nights)
    assert '<td class="c STALE"' in page and '<span class="STALE">STALE</span>' in page


class _Visible(HTMLParser):
    """What a reader of the page sees: its text (not the style sheet), the window title and the
    pointer texts of cells without a message of their own."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        found = dict(attrs)
        if tag == "td" and "none" in (found.get("class") or "").split():
            self.parts.append(found.get("title") or "")

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return " ".join(parser.parts)


# Shown as they are in every language: the machine's class names (and the grid's short forms of them).
CLASS_NAMES = ("UNREACHABLE", "STALE", "DRIFT", "ERROR", "SKIP", "UNR", "ERR", "N.A.", "OK")


def every_class(root: Path) -> Path:
    """Nights with every class a cell can show, a drift that was fixed, a service not run one night, an
    interrupted night and a night published on CI."""
    sign, kintai, marugoto = SERVICES
    night(root, "20261201-031700", {sign: "OK", kintai: "STALE", marugoto: "N.A."})
    night(root, "20261202-031700", {sign: "DRIFT", kintai: "UNREACHABLE", marugoto: "N.A."})
    night(root, "20261203-031700", {sign: "ERROR", kintai: "DRIFT"})
    night(root, "20261204-031700", {sign: "OK", kintai: "DRIFT", marugoto: "SKIPPED"}, report=False)
    (root / "20261204-031700-nightly" / "report-url.txt").write_text("https://ci.example/runs/4\n")
    stopped = night(root, "20261205-031700", {sign: "OK", kintai: "DRIFT", marugoto: "N.A."})
    runstate.mark(stopped, runstate.INTERRUPTED)
    return root


def leftover_words(page: str) -> list[str]:
    """The page's visible text without what stays in one language: URLs, the services' names, class
    names, numbers and times; what is left, in Latin letters."""
    text = re.sub(r"https?://\S+", " ", visible_text(page))
    for name in SERVICES:
        text = text.replace(name, " ")
    for name in CLASS_NAMES:
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z]{2,}", text)


def test_history_is_japanese_by_default_with_no_english_word_left(tmp_path: Path, japanese: None) -> None:
    reports = every_class(tmp_path / "reports")
    assert write_history(reports, reports / "history.html", include_unfinished=True)
    page = (reports / "history.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page
    assert leftover_words(page) == []
    text = visible_text(page)
    for said in ("夜間チェック", "2026年12月2日", "2026年12月2日（2026年12月4日に解消）", "差異が続いています",
                 "中断", "未実行", "押下"):
        assert said in text, said
    classes = {m for m in re.findall(r'<td class="c (\w+)"', page)}
    assert classes == {"OK", "STALE", "DRIFT", "UNREACHABLE", "NA", "ERROR", "SKIPPED", "none"}


def test_history_is_english_on_request_with_no_japanese_left(tmp_path: Path, english: None) -> None:
    reports = every_class(tmp_path / "reports")
    assert write_history(reports, reports / "history.html", include_unfinished=True)
    page = (reports / "history.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    text = visible_text(page)
    for name in SERVICES:
        text = text.replace(name, " ")
    assert re.findall(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+", text) == []
    for said in ("Nightly drift check — history", "first drifted", "December 2, 2026",
                 "December 2, 2026 (fixed December 4, 2026)", "(drifting)", "interrupted", "not run", "5 nights."):
        assert said in text, said
