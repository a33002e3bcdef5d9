"""The nightly plugin inside a real pytest run: counts, summary, exit status, retries, xdist.

Each case runs pytest in a subprocess on a small file of stand-in walks that record checks and raise
what the page objects raise, so the plugin sees what it sees in a night without a browser.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

WALKS = '''
import pytest
from pathlib import Path
from loginsuite.mismatch import CheckRecord, ManualMismatch, SiteUnreachable, StaleFact, Where
from loginsuite.results import WALK_KEY, WalkRecord


def walk(request, entry_id, **checks):
    record = WalkRecord(service_id=entry_id, service="svc-" + entry_id, entry_id=entry_id, entry_label="", page=4)
    for name, status in checks.items():
        record.record(CheckRecord(name, status))
    request.node.stash[WALK_KEY] = record
    return record


def test_ok(request):
    walk(request, "ok", url="passed", screen="passed", entry="passed", id="passed")
    pytest.skip("--no-sign-in: stops at the ID screen")


def test_moved(request):
    walk(request, "moved", url="passed", screen="passed").new_address = "https://new.example.jp/login"
    pytest.skip("--no-sign-in: stops at the ID screen")


def test_stale(request):
    record = walk(request, "stale", url="passed", screen="passed", entry="passed", id="passed")
    record.record_stale(StaleFact("stale.login", "ログイン画面", 16, "利用規約", "link", "shown_as_text", "screen",
                                  "svc-stale"))
    pytest.skip("--no-sign-in: stops at the ID screen")


def test_na(request):
    walk(request, "na", url="not_applicable")
    pytest.skip("not applicable: no login documented")


def test_drift(request):
    walk(request, "drift", url="passed", screen="failed")
    raise ManualMismatch(Where("svc-drift", 16, None, "screen"), expected="button 「ログイン」", problem="not shown")


def test_unreachable(request):
    walk(request, "unreachable", url="failed")
    raise SiteUnreachable(Where("svc-unreachable", 5, None, "url"), "https://x.example.jp/", "HTTP 503")


def test_flaky(request):
    walk(request, "flaky", url="passed")
    marker = Path(__file__).with_name("flaky-tried")
    if not marker.exists():
        marker.touch()
        raise SiteUnreachable(Where("svc-flaky", 5, None, "url"), "https://y.example.jp/", "net::ERR_CONNECTION_RESET")
'''
# A walk that writes down the language of the process it ran in (an xdist worker's own).
LANGUAGE_WALK = '''
import os
from pathlib import Path
from loginsuite import i18n


def test_language():
    Path(__file__).with_name(f"language-{os.getpid()}").write_text(i18n.language())
'''


def night(tmp_path: Path, *args: str, lang: str | None = "en", probe: bool = False) -> subprocess.CompletedProcess[str]:
    """The stand-in night with ``--lang lang`` (None: neither --lang nor BIZD_LANG: the default language);
    ``probe``: with the walk that writes down its process's language."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["loginsuite.plugin", "loginsuite.nightly.plugin"]\n')
    (tmp_path / "test_walks.py").write_text(textwrap.dedent(WALKS))
    (tmp_path / "test_language.py").write_text(textwrap.dedent(LANGUAGE_WALK))
    env = {k: v for k, v in os.environ.items() if k != "BIZD_LANG"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:playwright", "--nightly", "-q", "-rN",
         *(["--lang", lang] if lang else []), "test_walks.py", *(["test_language.py"] if probe else []), *args],
        check=False, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env,
    )


def test_a_clean_night_counts_ok_and_na_and_lists_a_moved_url_with_its_new_address(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "test_ok or na or moved")
    assert result.returncode == 0, result.stdout
    assert "3 walks: 2 OK, 0 STALE, 0 DRIFT, 0 UNREACHABLE, 1 N.A." in result.stdout
    assert ("OK          svc-moved [moved]\n  moved     now https://new.example.jp/login "
            "(documented screen still reached)") in result.stdout
    assert "no drift" in result.stdout


def test_drift_fails_the_night_and_names_the_walk(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "test_ok or drift")
    assert result.returncode == 1, result.stdout
    assert "1 OK, 0 STALE, 1 DRIFT" in result.stdout
    assert "DRIFT       svc-drift [drift]: [svc-drift] manual p.16: expected button 「ログイン」 — not shown" in result.stdout


def test_unreachable_alone_warns_with_exit_status_zero(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "test_ok or unreachable")
    assert result.returncode == 0, result.stdout
    assert "1 OK, 0 STALE, 0 DRIFT, 1 UNREACHABLE" in result.stdout
    assert "WARNING: 1 site(s) unreachable" in result.stdout


def test_unreachable_fails_the_night_when_asked(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "test_ok or unreachable", "--fail-on-unreachable")
    assert result.returncode == 1, result.stdout
    assert "the night fails: exit status 1" in result.stdout


def test_only_unreachable_sites_are_retried_and_a_cured_one_is_ok(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "flaky or drift", "--reruns", "2", "--only-rerun", "SiteUnreachable")
    assert result.returncode == 1, result.stdout  # the drift, not retried
    assert "1 OK, 0 STALE, 1 DRIFT" in result.stdout
    assert "(1 retry of unreachable sites)" in result.stdout
    assert "1 rerun" in result.stdout


@pytest.mark.parametrize("workers", ["2"])
def test_verdicts_travel_from_xdist_workers_to_the_summary(tmp_path: Path, workers: str) -> None:
    result = night(tmp_path, "-n", workers, "-k", "not flaky")
    assert result.returncode == 1, result.stdout
    assert "6 walks: 2 OK, 1 STALE, 1 DRIFT, 1 UNREACHABLE, 1 N.A." in result.stdout


def test_stale_alone_warns_with_exit_status_zero_and_is_a_passed_junit_case_with_its_class(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "test_ok or stale", f"--junitxml={tmp_path / 'junit.xml'}")
    assert result.returncode == 0, result.stdout
    assert "2 walks: 1 OK, 1 STALE, 0 DRIFT" in result.stdout
    assert "WARNING: 1 walk(s) STALE" in result.stdout and "no drift" not in result.stdout
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert '<property name="class" value="STALE"' in junit and "利用規約" in junit and "<failure" not in junit


def test_stale_fails_the_night_when_asked(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "test_ok or stale", "--fail-on-stale")
    assert result.returncode == 1, result.stdout
    assert "the night fails: exit status 1" in result.stdout


def summary(output: str) -> list[str]:
    """The nightly section of the console: from its heading to the end, pytest's own last line left out."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^=+ (nightly drift check|夜間チェック)", line))
    return [line for line in lines[start + 1:] if not line.startswith(("=", "-"))
            and not re.search(r"\d+ (passed|failed|skipped|rerun)", line)]


def english_words(line: str) -> list[str]:
    """Latin words of a console line, without what is the same in every language: class names, the
    stand-in walks' names ("svc-x [x]"), URLs, option names and the walks' own messages after ': '."""
    line = re.sub(r"https?://\S+|--[a-z-]+|svc-\w+ \[\w+\](: .*)?", " ", line)
    line = re.sub(r"\b(OK|STALE|DRIFT|UNREACHABLE|N\.A\.|ERROR)\b|(?<![A-Za-z])URL(?![A-Za-z])", " ", line)  # URL: the manual's word
    return re.findall(r"[A-Za-z]{2,}", line)


def test_the_night_speaks_japanese_by_default(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "not flaky", lang=None)
    assert result.returncode == 1, result.stdout
    lines = summary(result.stdout)
    assert "検証 6 件：2 OK, 1 STALE, 1 DRIFT, 1 UNREACHABLE, 1 N.A." in lines
    assert any(line.strip().startswith("URL変更") and line.endswith(
        " 現在の URL：https://new.example.jp/login（記載の画面には到達できます）") for line in lines), lines
    assert "夜間チェックは失敗です：終了ステータス 1" in lines
    assert [(line, words) for line in lines if (words := english_words(line))] == []


def test_the_night_speaks_english_with_lang_en(tmp_path: Path) -> None:
    result = night(tmp_path, "-k", "not flaky", lang="en")
    assert result.returncode == 1, result.stdout
    lines = summary(result.stdout)
    assert "6 walks: 2 OK, 1 STALE, 1 DRIFT, 1 UNREACHABLE, 1 N.A." in lines
    assert "the night fails: exit status 1" in lines
    ours = re.sub(r"「[^」]*」|利用規約", "", "\n".join(lines))  # the manual's labels the walks quote
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ours), ours


def test_the_language_reaches_every_xdist_worker(tmp_path: Path) -> None:
    result = night(tmp_path, "-n", "2", "-k", "language or test_ok", lang="en", probe=True)
    assert result.returncode == 0, result.stdout
    spoken = {p.name: p.read_text() for p in tmp_path.glob("language-*")}
    assert len(spoken) == 1 and set(spoken.values()) == {"en"}, spoken  # the walk ran in a worker, in English
    assert "2 walks: 2 OK, 0 STALE" in result.stdout
