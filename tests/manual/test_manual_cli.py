"""python -m loginsuite manual diff: exit status, the readable list (Japanese by default), Markdown,
drafts for added services that the loader rejects until their steps are written."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import editions
import pytest

from loginsuite.cli import main
from loginsuite.flows import FlowsError, load_flows
from loginsuite.flows.loader import DEFAULT_DIR

ROOT = DEFAULT_DIR.parent


def test_the_command_on_todays_manual_says_no_differences_and_exits_0() -> None:
    editions.seed()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BIZD_LANG": "ja"}
    done = subprocess.run([sys.executable, "-m", "loginsuite", "manual", "diff"], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "差異はありません" in done.stdout


def test_differences_are_listed_in_japanese_with_page_and_exit_1(
        tmp_path: Path, japanese: None, capsys: pytest.CaptureFixture[str]) -> None:
    new = editions.edited(tmp_path / "new.txt", *editions.CHANGE_VALIDITY)
    assert main(["manual", "diff", str(new)]) == 1
    out = capsys.readouterr().out
    assert "1 件の差異" in out
    assert "p.6  セキュリティコードの有効期限の変更: 有効期限" in out
    assert "新しい版: 有効期限：15分" in out
    assert "flows/ の記載: code_validity_minutes: 10 (flows/bizd-account.yaml p.6)" in out


def test_english_on_request(tmp_path: Path, english: None, capsys: pytest.CaptureFixture[str]) -> None:
    new = editions.edited(tmp_path / "new.txt", *editions.CHANGE_URL)
    assert main(["manual", "diff", str(new)]) == 1
    assert "p.4  URL changed: dX勤怠・労務管理" in capsys.readouterr().out


def test_markdown_lists_each_finding_as_a_row(tmp_path: Path, japanese: None) -> None:
    new = editions.edited(tmp_path / "new.txt", *editions.CHANGE_ERROR, *editions.ADD_ROW)
    report = tmp_path / "out" / "diff.md"
    assert main(["manual", "diff", str(new), "--markdown", str(report)]) == 1
    text = report.read_text(encoding="utf-8")
    assert "| ページ | 変更 | 対象 | 新しい版 | flows/ の記載 | 備考 |" in text
    assert "| p.34 | エラーメッセージの変更 | ② | お客様のビジネスdアカウント情報に未設定の項目があります。 |" in text
    assert "| p.2 | 改定履歴の追加行 | 第2.6版 | 第2.6版 2025-10-01 dXメール配信のスライド改修 |" in text


def test_a_draft_is_written_for_an_added_service_and_the_loader_rejects_it_until_filled(
        tmp_path: Path, japanese: None, capsys: pytest.CaptureFixture[str]) -> None:
    new = editions.edited(tmp_path / "new.txt", *editions.ADD_SERVICE)
    drafts = tmp_path / "drafts"
    assert main(["manual", "diff", str(new), "--drafts", str(drafts)]) == 1
    draft = drafts / "shinservice.yaml"
    assert f"下書きを書き出しました: {draft}" in capsys.readouterr().out
    text = draft.read_text(encoding="utf-8")
    assert 'name: "dX新サービス"' in text and "page: 30" in text
    assert '{id: shinservice, url: "https://dx.shinservice.jp/login", page: 5}' in text
    assert "TODO" in text

    flows = tmp_path / "flows"
    shutil.copytree(DEFAULT_DIR, flows)
    shutil.copy(draft, flows / "services" / draft.name)
    with pytest.raises(FlowsError) as refused:
        load_flows(flows)
    assert [(i.file, i.field) for i in refused.value.issues] == [("flows/services/shinservice.yaml", "steps")]

    filled = text.replace("controls: []", "controls:\n      - {label: ビジネスdアカウント ログイン, kind: button, purpose: entry}")
    filled = filled.replace("steps: []", "steps:\n  - {screen: login, action: press, control: ビジネスdアカウント ログイン, "
                                         "next: bizd.id}")
    (flows / "services" / draft.name).write_text(filled, encoding="utf-8")
    assert load_flows(flows).service("shinservice").entries[0].url == "https://dx.shinservice.jp/login"


def test_drafts_are_never_written_into_flows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = editions.edited(tmp_path / "new.txt", *editions.ADD_SERVICE)
    assert main(["manual", "diff", str(new), "--drafts", str(DEFAULT_DIR / "services")]) == 2
    assert "flows/" in capsys.readouterr().err
    assert not (DEFAULT_DIR / "services" / "shinservice.yaml").exists()
    assert main(["manual", "diff", str(new), "--markdown", str(DEFAULT_DIR / "diff.md")]) == 2
    assert not (DEFAULT_DIR / "diff.md").exists()


def test_a_file_that_is_not_the_manual_is_refused_with_its_name(tmp_path: Path, japanese: None,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("議事録\n\n特になし\n", encoding="utf-8")
    assert main(["manual", "diff", str(other)]) == 2
    assert capsys.readouterr().err.strip() == f"{other}: この版には 「目次」 がありません: ログインマニュアルですか？"


def test_an_edition_that_is_not_utf8_is_refused_with_the_byte(tmp_path: Path, japanese: None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    sjis = tmp_path / "manual-sjis.txt"
    sjis.write_bytes(editions.seed().read_text(encoding="utf-8").encode("cp932", errors="replace"))
    assert main(["manual", "diff", str(sjis)]) == 2
    assert capsys.readouterr().err.startswith(f"{sjis}: UTF-8 ではありません（")
