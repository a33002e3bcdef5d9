"""``nightly --notify`` as a command: config mistakes stop it first; nothing in alerting changes its exit status."""
from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from nights import ENTRY_RENAMED, write_night
from receivers import Webhook

from loginsuite import i18n
from loginsuite.cli import main as cli
from loginsuite.nightly import notify
from loginsuite.nightly.notify import RECORD, URLS_ENV


@pytest.fixture(autouse=True)
def _night_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BIZD_RUN_DIR", raising=False)  # the command sets it for its pytest run
    monkeypatch.setattr(i18n, "_language", "ja")
    monkeypatch.setenv("BIZD_LANG", "ja")  # the command hands its language to the night's processes: restored after


def fake_night(tmp_path: Path, status: int, results: bool = True) -> Callable[[list[str]], int]:
    """pytest.main as the night would leave it: a results.json with a drift (or none), and ``status``."""
    source = write_night(tmp_path / "made", 1, {"cloudsign": ENTRY_RENAMED})

    def main(args: list[str]) -> int:
        folder = Path(next(a for a in args if a.startswith("--run-dir=")).split("=", 1)[1])
        if results:
            shutil.copytree(source, folder, dirs_exist_ok=True)
        return status

    return main


def test_a_config_mistake_stops_the_night_before_any_run_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(URLS_ENV, "")
    monkeypatch.setattr(pytest, "main", lambda args: pytest.fail("the night must not start"))
    assert cli(["nightly", "--notify", "--reports", str(tmp_path / "reports")]) == 2
    assert "BIZD_NOTIFY_URLS が空です" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("status", [0, 1])
def test_an_alerting_crash_is_printed_and_the_exit_status_stays_the_checks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], hook: Webhook,
        status: int) -> None:
    monkeypatch.setenv(URLS_ENV, hook.url.replace("json://", "json://bot:t0ps3cret@"))
    monkeypatch.setattr(pytest, "main", fake_night(tmp_path, status))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("refused by json://bot:t0ps3cret@127.0.0.1/")

    monkeypatch.setattr(notify, "notify_night", broken)
    assert cli(["nightly", "--notify", "--reports", str(tmp_path / "reports")]) == status
    err = capsys.readouterr().err
    assert "通知：失敗しました：RuntimeError: refused by json://••••••@127.0.0.1/" in err
    assert "t0ps3cret" not in err


def test_the_command_sends_after_the_night_and_keeps_its_drift_status(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: Webhook) -> None:
    monkeypatch.setenv(URLS_ENV, hook.url)
    monkeypatch.setattr(pytest, "main", fake_night(tmp_path, 1))
    assert cli(["nightly", "--notify", "--reports", str(tmp_path / "reports"), "--report-url", "https://r/{run}"]) == 1
    (post,) = hook.posts
    (folder,) = (tmp_path / "reports").glob("*-nightly")
    assert f"レポート：https://r/{folder.name}" in post["message"]
    assert json.loads((folder / RECORD).read_text(encoding="utf-8"))["ok"] is True


def test_an_interrupted_night_without_results_is_recorded_and_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str], hook: Webhook) -> None:
    monkeypatch.setenv(URLS_ENV, hook.url)
    monkeypatch.setattr(pytest, "main", fake_night(tmp_path, 2, results=False))  # interrupted
    assert cli(["nightly", "--notify", "--reports", str(tmp_path / "reports")]) == 2
    assert hook.posts == [] and "results.json がないため" in capsys.readouterr().err
    (folder,) = (tmp_path / "reports").glob("*-nightly")
    assert json.loads((folder / RECORD).read_text(encoding="utf-8"))["errors"]


def test_a_night_the_suite_could_not_run_is_announced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      hook: Webhook) -> None:
    monkeypatch.setenv(URLS_ENV, hook.url)
    monkeypatch.setattr(pytest, "main", fake_night(tmp_path, 4, results=False))  # a usage error: no font, say
    assert cli(["nightly", "--notify", "--reports", str(tmp_path / "reports")]) == 4
    (post,) = hook.posts
    assert post["title"] == "[ERROR] 夜間チェック：今夜は結果がありません"
    assert "終了ステータス：4" in post["message"]
    (folder,) = (tmp_path / "reports").glob("*-nightly")
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    assert record["ok"] is False and record["messages"][0]["kind"] == "no-results"


def test_the_next_night_without_results_in_a_row_sends_nothing_more(tmp_path: Path, hook: Webhook) -> None:
    reports = tmp_path / "reports"
    config = notify.Settings(notify.channels_from({URLS_ENV: hook.url}))
    for name in ("20261201-031700-nightly", "20261202-031700-nightly"):
        (reports / name).mkdir(parents=True)
        notify.notify_night(reports / name, config, io.StringIO(), exit_status=3)
    assert [p["title"] for p in hook.posts] == ["[ERROR] 夜間チェック：今夜は結果がありません"]
    write_night(reports, 3, {})  # the suite runs again: a later failure is news again
    (reports / "20261204-031700-nightly").mkdir()
    notify.notify_night(reports / "20261204-031700-nightly", config, io.StringIO(), exit_status=3)
    assert len(hook.posts) == 2
