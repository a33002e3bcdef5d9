"""revisions draft: a run's proposed revisions become a draft 改定履歴 row and the changes by page."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from loginsuite.cli import main
from loginsuite.report.revision_draft import draft, next_version


def _revision(page: int, step: str | None, check: str, service: str, documented: str, now: str,
              **extra: object) -> dict[str, object]:
    return {"page": page, "step": step, "check": check, "service": service, "documented": documented,
            "now": now, "nearest": [], "new_address": None, "seen_at": None, "proposal": f"p.{page}: …",
            "entries": [service], **extra}


@pytest.fixture
def run(tmp_path: Path) -> Path:
    folder = tmp_path / "20251001-090000-live"
    folder.mkdir()
    results = {
        "format": "bizd-results/1",
        "run": {"manual": {"title": "ビジネスdアカウント ログインマニュアル", "version": "2.5", "issued": "2025-04-25"},
                "started": "2025-10-01T09:00:00+09:00"},
        "checks": [], "tests": [],
        "revisions": [
            _revision(16, "①", "screen", "dX電子契約", "button 「ビジネスdアカウント ログイン」", "not shown",
                      nearest=["ビジネスdアカウントでログイン"], seen_at="https://www.cloudsign.jp/docomo"),
            _revision(4, None, "url", "dXオンライン営業", "https://docomodx.aidma-hd.jp/",
                      "redirects to https://docomodx.aidma-hd.jp/login", new_address="https://docomodx.aidma-hd.jp/login"),
            _revision(12, "①", "screen", "NewsPicks+d プレミアム会員", "button 「ログイン」", "not shown"),
        ],
    }
    (folder / "results.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return folder



def test_the_next_edition_is_numbered_as_the_manual_numbers_its_editions() -> None:
    assert [next_version(v) for v in ("2.5", "1.9", "2.9")] == ["2.6", "2.0", "3.0"]


def test_the_row_names_the_url_table_then_the_services_in_page_order(run: Path) -> None:
    d = draft(run, date=dt.date(2025, 10, 1))
    assert d.row == ("第2.6版\t2025年10月1日\t各サービスのログインURL一覧／NewsPicks+d プレミアム会員／dX電子契約"
                     "のスライド 改修")
    assert list(d.pages) == [4, 12, 16]


def test_the_markdown_lists_the_changes_page_by_page(run: Path, tmp_path: Path, japanese: None,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.md"
    assert main(["revisions", "draft", str(run), "-o", str(out), "--version", "3.0"]) == 0
    assert f"下書きを書き出しました: {out}" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "| 第3.0版 | （発行日） | 各サービスのログインURL一覧／NewsPicks+d プレミアム会員／dX電子契約のスライド 改修 |" in text
    assert text.index("### p.4 dXオンライン営業") < text.index("### p.12 NewsPicks+d プレミアム会員") \
        < text.index("### p.16 dX電子契約")
    assert "  - マニュアルの記載: button 「ビジネスdアカウント ログイン」" in text
    assert "  - 画面に表示されている近い文言: 「ビジネスdアカウントでログイン」" in text
    assert "  - 記載のURLの現在の転送先: https://docomodx.aidma-hd.jp/login" in text
    assert "  - 確認したページ: https://www.cloudsign.jp/docomo" in text


def test_a_run_without_revisions_says_there_is_nothing_to_revise(tmp_path: Path, japanese: None,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "results.json").write_text(json.dumps({"format": "bizd-results/1", "run": {}, "revisions": []}),
                                           encoding="utf-8")
    assert main(["revisions", "draft", str(tmp_path)]) == 0
    assert "この検証では改定案はありません" in capsys.readouterr().out


def test_a_folder_without_results_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["revisions", "draft", str(tmp_path)]) == 2
    assert "results.json" in capsys.readouterr().err
