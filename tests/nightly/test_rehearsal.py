"""Offline rehearsal: the real nightly command in live mode, every documented host mapped to a local
HTTPS look-alike (the mock standalone in a subprocess, or nothing at all).

Each night is restricted with --service so it takes seconds; the classes are read from the night's
summary and its results.json, as CI would read them.
"""
from __future__ import annotations

import json
from pathlib import Path

from rehearsal import free_port, mock_sites, run_night

FAST = ["--reruns", "1", "--reruns-delay", "0.2"]


def services(*ids: str) -> list[str]:
    return ["--", "--check-timeout", "3000", *[arg for i in ids for arg in ("--service", i)]]


def results(night_folder: Path) -> dict[str, dict[str, str]]:
    """check class by service and check name, from the night's results.json."""
    data = json.loads((night_folder / "results.json").read_text(encoding="utf-8"))
    table: dict[str, dict[str, str]] = {}
    for check in data["checks"]:
        table.setdefault(check["entry"] or check["service_id"], {})[check["check"]] = check["class"]
    return table


def test_clean_pages_are_ok_and_the_night_passes_and_draws_its_history(tmp_path: Path) -> None:
    with mock_sites() as port:
        night = run_night(tmp_path, "--host-map", f"127.0.0.1:{port}", "-n", "0", *FAST,
                          *services("cloudsign", "marugoto-support"))
    assert night.returncode == 0, night.output
    assert "2 walks: 1 OK, 0 STALE, 0 DRIFT, 0 UNREACHABLE, 1 N.A." in night.output
    assert "OK          dX電子契約 [cloudsign]" in night.output
    checks = results(night.run_folder())
    assert [checks["cloudsign"][c] for c in ("url", "screen", "entry", "id")] == ["OK"] * 4
    history = (tmp_path / "history.html").read_text(encoding="utf-8")
    assert '<td class="c OK"' in history and '<td class="c NA"' in history


def test_a_renamed_button_is_drift_a_moved_url_ok_and_a_503_unreachable_in_one_night(tmp_path: Path) -> None:
    scenarios = ("entry-button-renamed", "url-moved", "url-redirects-elsewhere", "unavailable@www.rview.com")
    with mock_sites(*scenarios) as port:
        night = run_night(tmp_path, "--host-map", f"127.0.0.1:{port}", "-n", "2", *FAST,
                          *services("cloudsign", "akibare-hp", "lpcloud", "rview"))
    out = night.output
    assert night.returncode == 1, out  # drift fails the night
    assert "4 walks: 1 OK, 0 STALE, 2 DRIFT, 1 UNREACHABLE, 0 N.A. (1 retry of unreachable sites)" in out
    assert "DRIFT       dX電子契約 [cloudsign]: " in out and "button 「ビジネスdアカウント ログイン」" in out
    # Moved but still the documented screen: OK, with its new address and how it got there.
    assert "OK          dXホームページ [akibare-hp]\n  moved     now https://www.dxhp.akibare-hp.com/member/login/" in out
    assert "301 https://www.dxhp.akibare-hp.com/ → 200 https://www.dxhp.akibare-hp.com/member/login/ (TLS" in out
    # Moved to a page without the documented screen: DRIFT, with the new address.
    assert "now https://www.lpcloud.jp/service/ (DRIFT)" in out
    assert "UNREACHABLE ビジネスdリモートデスクトップ [rview]: " in out and "HTTP 503 (after 1 retry)" in out
    checks = results(night.run_folder())
    assert checks["cloudsign"]["screen"] == "DRIFT" or checks["cloudsign"]["entry"] == "DRIFT"
    assert checks["rview"]["url"] == "UNREACHABLE"


def test_a_stopped_server_is_unreachable_retried_and_fails_the_night_only_when_asked(tmp_path: Path) -> None:
    # Without --fail-on-unreachable the same night warns and exits 0 (test_proxy, test_nightly_plugin).
    night = run_night(tmp_path, "--host-map", f"127.0.0.1:{free_port()}", "--fail-on-unreachable", "-n", "0",
                      *FAST, *services("cloudsign"))
    assert night.returncode == 1, night.output
    assert "1 walk: 0 OK, 0 STALE, 0 DRIFT, 1 UNREACHABLE, 0 N.A. (1 retry of unreachable sites)" in night.output
    assert "net::ERR_CONNECTION_REFUSED" in night.output
    assert "the night fails: exit status 1" in night.output
    assert f"run folder: {night.run_folder()}" in night.output and f"history: {tmp_path / 'history.html'}" in night.output


def test_the_nights_console_and_exit_message_are_japanese_by_default(tmp_path: Path) -> None:
    night = run_night(tmp_path, "--host-map", f"127.0.0.1:{free_port()}", "--fail-on-unreachable", "-n", "0",
                      *FAST, *services("cloudsign"), lang=None)
    out = night.output
    assert night.returncode == 1, out
    assert "検証 1 件：0 OK, 0 STALE, 0 DRIFT, 1 UNREACHABLE, 0 N.A.（接続できないサイトの再試行 1 回）" in out
    assert "夜間チェックは失敗です：終了ステータス 1" in out
    assert f"実行フォルダー：{night.run_folder()}" in out and f"履歴：{tmp_path / 'history.html'}" in out
    for english in ("walks:", "the night fails", "run folder:", "history:", "retry of unreachable"):
        assert english not in out, english
    history = (tmp_path / "history.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in history and "差異の発生日" in history
