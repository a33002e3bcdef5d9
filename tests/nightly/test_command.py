"""The one-line nightly command builds the documented pytest selection with retries and concurrency;
its help and errors are in the reader's language."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from loginsuite import i18n
from loginsuite.cli import build_parser
from loginsuite.nightly.command import nightly_args
from loginsuite.run import ROOT


def args_for(*argv: str, folder: Path = Path("/r/20250501-030000-nightly")) -> list[str]:
    return nightly_args(build_parser().parse_args(["nightly", *argv]), folder)


def test_the_night_is_the_credential_free_live_selection_of_the_walks() -> None:
    args = args_for()
    assert args[0].endswith("tests/walks")
    assert {"--target=live", "--no-sign-in", "--nightly"} <= set(args)
    assert args[args.index("-m") + 1] == "nightly"
    assert "--fail-on-unreachable" not in args and not any(a.startswith("--host-map") for a in args)


def test_the_run_folder_receives_report_junit_and_playwright_output() -> None:
    args = args_for(folder=Path("/r/night"))
    assert {"--html=/r/night/report.html", "--junitxml=/r/night/junit.xml", "--output=/r/night/playwright"} <= set(args)


def test_walks_run_four_at_a_time_in_one_process_by_default_and_as_many_as_asked() -> None:
    args = args_for()
    assert args[args.index("-n") + 1] == "0" and "--walks-at-once=4" in args
    assert "--walks-at-once=8" in args_for("--at-once", "8")
    workers = args_for("-n", "2", "--at-once", "1")
    assert workers[workers.index("-n") + 1] == "2" and "--walks-at-once=1" in workers


def test_the_night_pictures_only_the_steps_its_report_shows() -> None:
    assert "--step-shots=needed" in args_for()


def test_only_unreachable_sites_are_retried_twice_with_doubling_delay() -> None:
    args = args_for()
    assert args[args.index("--reruns") + 1] == "2"
    assert args[args.index("--reruns-delay") + 1] == "10.0"
    assert args[args.index("--reruns-delay-backoff-factor") + 1] == "2"
    only = [args[i + 1] for i, a in enumerate(args) if a == "--only-rerun"]
    assert only == ["SiteUnreachable", "net::ERR_"]
    assert effective(args, "--reruns") == "2"


def effective(args: list[str], option: str) -> str | None:
    """The value pytest ends up with: the last of ``--opt V`` / ``--opt=V`` wins."""
    value = None
    for i, arg in enumerate(args):
        if arg == option:
            value = args[i + 1]
        elif arg.startswith(f"{option}="):
            value = arg.split("=", 1)[1]
    return value


def test_no_retries_means_none_not_the_main_jobs_live_rerun() -> None:
    args = args_for("--reruns", "0")
    assert effective(args, "--reruns") == "0"
    assert "--only-rerun" not in args


def test_host_map_fail_on_unreachable_and_pytest_arguments_pass_through() -> None:
    args = args_for("--host-map", "127.0.0.1:8443", "--fail-on-unreachable", "--", "--service", "cloudsign", "-x")
    assert "--host-map=127.0.0.1:8443" in args and "--fail-on-unreachable" in args
    assert args[-3:] == ["--service", "cloudsign", "-x"]
    assert "--" not in args


def test_the_night_passes_its_language_to_its_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_language", "en")
    assert "--lang=en" in args_for()
    monkeypatch.setattr(i18n, "_language", "ja")
    assert "--lang=ja" in args_for()


def nightly(*argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m loginsuite nightly ARGV`` with no BIZD_LANG of the calling run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIZD_")}
    return subprocess.run([sys.executable, "-m", "loginsuite", "nightly", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_the_help_is_japanese_by_default() -> None:
    done = nightly("--help")
    assert done.returncode == 0, done.stderr
    for said in ("使い方:", "オプション", "このヘルプを表示して終了します", "接続できないサイトがあれば夜間チェックを失敗にします",
                 "通知（変化があったときだけ：新規、再通知、解消）", "マニュアルどおりに進めなくなった手順（DRIFT）"):
        assert said in done.stdout, said
    for english in ("usage:", "options:", "show this help", "fails the night", "alerts (only on change"):
        assert english not in done.stdout, english


def test_the_help_is_english_with_lang_en() -> None:
    done = nightly("--lang", "en", "--help")
    assert done.returncode == 0, done.stderr
    for said in ("usage:", "options:", "show this help message and exit", "an unreachable site fails the night",
                 "alerts (only on change: new, reminder, recovered)"):
        assert said in done.stdout, said
    assert not _JAPANESE.search(done.stdout), done.stdout


@pytest.mark.parametrize(("argv", "said"), [
    (["--remind-after", "x"], "引数 --remind-after: 晩数として使えない値です：x"),
    (["--at-once", "-2"], "引数 --at-once: 0 以上の整数ではありません：-2"),
    (["--workers", "many"], "引数 -n/--workers: 0 以上の整数ではありません：many"),
    (["--lang", "en", "--remind-after", "x"], "argument --remind-after: not a number of nights: x"),
    (["--lang", "en", "--reruns-delay", "soon"], "argument --reruns-delay: not a number of seconds: soon"),
])
def test_a_bad_argument_is_refused_in_the_readers_language(argv: list[str], said: str) -> None:
    done = nightly(*argv)
    assert done.returncode == 2
    assert said in done.stderr, done.stderr
    assert ("error:" in done.stderr) == ("--lang" in argv), done.stderr
