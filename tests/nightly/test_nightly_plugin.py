"""The nightly plugin inside a real pytest run: counts, summary, exit status, retries, xdist.

Each case runs pytest in a subprocess on a small file of stand-in walks that record checks and raise
what the page objects raise, so the plugin sees what it sees in a night without a browser.
"""
from __future__ import annotations

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


def night(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["loginsuite.plugin", "loginsuite.nightly.plugin"]\n')
    (tmp_path / "test_walks.py").write_text(textwrap.dedent(WALKS))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:playwright", "--nightly", "-q", "-rN",
         *args],
        check=False, cwd=tmp_path, capture_output=True, text=True, timeout=60,
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
