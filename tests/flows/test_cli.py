"""``python -m loginsuite flows list|check``."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from flowcopy import copy_flows, edit

from loginsuite.cli import main
from loginsuite.flows import load_flows
from loginsuite.flows.loader import DEFAULT_DIR

SERVICE_NAMES = [
    "dX勤怠・労務管理", "dXオンライン営業", "ビジネスdリモートデスクトップ", "dX助成金申請", "ビジネスd福利厚生",
    "NewsPicks+d プレミアム会員", "dX商談・名刺管理", "dX電子請求書", "dX電子契約", "dXホームページ",
    "まるごとビジネスサポート", "dX電子カタログ", "dXメール配信", "dXショートメッセージ(SMS)配信", "dX顧客開拓",
    "IT資産管理 by ジョーシス", "dXインターネットFAX", "ビジネスd出勤簿", "ビジネスd電子申請",
]


@pytest.fixture
def flows_copy(tmp_path: Path) -> Path:
    return copy_flows(tmp_path)



def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loginsuite", *args], capture_output=True, text=True, timeout=60,
        cwd=DEFAULT_DIR.parent, check=False,
    )


def test_flows_check_exits_0_on_the_real_flows() -> None:
    result = _run("flows", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK：サービス19件、URL22件（重複なし）\n"
    assert result.stderr == ""


def test_flows_check_speaks_english_on_request() -> None:
    assert _run("--lang", "en", "flows", "check").stdout == "ok: 19 services, 22 distinct URLs\n"
    assert _run("flows", "check", "--lang", "en").stdout == "ok: 19 services, 22 distinct URLs\n"


def test_help_and_usage_errors_are_in_the_readers_language() -> None:
    assert "このヘルプを表示して終了します" in _run("--help").stdout
    wrong = _run("flows", "show")
    assert wrong.returncode == 2 and "エラー" in wrong.stderr and "選べない値です" in wrong.stderr
    english = _run("--lang", "en", "flows", "show")
    assert "error:" in english.stderr and "invalid choice" in english.stderr


def test_flows_check_exits_2_with_file_line_field_message_on_stderr(flows_copy: Path) -> None:
    wisebook = flows_copy / "services" / "wisebook.yaml"
    url_line = edit(wisebook, '"https://dxecatalog.wisebook.jp/login/"', '"dxecatalog.wisebook.jp/login/"')
    key_line = edit(flows_copy / "services" / "aidma.yaml", "{label: 利用規約, kind: link}", "{label: 利用規約, knd: link}")

    result = _run("--lang", "en", "flows", "check", "--dir", str(flows_copy))

    assert result.returncode == 2
    assert result.stdout == ""
    issues = result.stderr.splitlines()
    assert issues[0] == "invalid flows:"
    assert f"  flows/services/wisebook.yaml:{url_line}: entries[0].url: expected an absolute http(s) URL as printed in the manual, got 'dxecatalog.wisebook.jp/login/'" in issues
    assert f"  flows/services/aidma.yaml:{key_line}: screens.login.controls[1].knd: unknown key (a typo?)" in issues
    assert f"  flows/services/aidma.yaml:{key_line}: screens.login.controls[1].kind: required field is missing" in issues
    assert all(re.fullmatch(r"  flows/[\w./-]+:\d+: [\w.\[\]]+: .+", line) for line in issues[1:]), issues


def test_flows_check_in_japanese_names_file_line_and_field(flows_copy: Path) -> None:
    line = edit(flows_copy / "services" / "aidma.yaml", "{label: 利用規約, kind: link}", "{label: 利用規約, knd: link}")

    result = _run("flows", "check", "--dir", str(flows_copy))

    assert result.returncode == 2
    issues = result.stderr.splitlines()
    assert issues[0] == "flows に誤りがあります："
    assert f"  flows/services/aidma.yaml:{line}: screens.login.controls[1].knd: 未知のキーです（入力ミス？）" in issues
    assert f"  flows/services/aidma.yaml:{line}: screens.login.controls[1].kind: 必須の項目がありません" in issues


def test_flows_check_in_process_reports_on_stderr(
    flows_copy: Path, capsys: pytest.CaptureFixture[str], english: None,
) -> None:
    line = edit(flows_copy / "manual.yaml", "issued: 2025-04-25", "issued: 2025-13-25")

    assert main(["--lang", "en", "flows", "check", "--dir", str(flows_copy)]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"invalid flows:\n  flows/manual.yaml:{line}: (file): malformed YAML: month must be in 1..12\n"


def test_flows_list_prints_every_service_and_the_summary(capsys: pytest.CaptureFixture[str], english: None) -> None:
    assert main(["--lang", "en", "flows", "list"]) == 0

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "ビジネスdアカウント ログインマニュアル 第2.5版 (2025-04-25)"
    listed = [m.group(1) for line in lines if (m := re.fullmatch(r"(.+) \[[a-z0-9-]+\] p\.\d+", line))]
    assert sorted(listed) == sorted(SERVICE_NAMES)
    assert "  not applicable: ※電話でやり取りするサービスとなるため、ログイン不要。" in lines
    flows = load_flows()
    entries = sum(len(s.entries) for s in flows.services)
    steps = sum(len(s.steps) for s in flows.services) + len(flows.bizd.steps)
    assert entries == 23
    assert lines[-1] == (
        f"19 services, 22 distinct URLs, 23 entries, {steps} steps (5 shared), "
        "3 appendix procedures, 2 documented errors"
    )


def test_flows_list_shows_every_documented_url(capsys: pytest.CaptureFixture[str]) -> None:
    main(["flows", "list"])
    printed = set(re.findall(r"https?://\S+", capsys.readouterr().out))
    assert printed == set(load_flows().documented_urls)
    assert len(printed) == 22
