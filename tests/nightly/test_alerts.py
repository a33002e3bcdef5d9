"""Only changes are news: new, a reminder after N nights, recovered; unreachable only when it lasts."""
from __future__ import annotations

from pathlib import Path

import pytest
from nights import ENTRY_RENAMED, NEXT_RENAMED, PICTURE_OLD, SITE_DOWN, SUITE_BROKE, Seen, write_night

from loginsuite.nightly.alerts import Alert, Policy, group, night_events
from loginsuite.nightly.findings import read_history

SHORT = Policy(remind_after=3, unreachable_after=2)


def news(reports: Path, policy: Policy = SHORT) -> list[list[Alert]]:
    """Each night's alerts, as the night itself would have computed them from the history so far."""
    nights, problems = read_history([reports])
    assert not problems
    return [group(night_events(nights[: i + 1], policy)) for i in range(len(nights))]


def kinds(alerts_by_night: list[list[Alert]]) -> list[list[str]]:
    return [[f"{a.kind} {a.first.finding.verdict} {'+'.join(a.services)}" for a in alerts] for alerts in alerts_by_night]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    return tmp_path / "reports"


def test_a_drift_is_new_then_silent_then_reminded_then_recovered(reports: Path) -> None:
    for day in range(1, 8):
        write_night(reports, day, {"cloudsign": ENTRY_RENAMED})
    write_night(reports, 8, {})
    write_night(reports, 9, {})
    assert kinds(news(reports)) == [
        ["new DRIFT dX電子契約"], [], [], ["reminder DRIFT dX電子契約"], [], [], ["reminder DRIFT dX電子契約"],
        ["recovered DRIFT dX電子契約"], [],
    ]
    reminder = news(reports)[3][0].first
    assert (reminder.nights, reminder.since.day) == (4, 1)


def test_no_reminders_when_remind_after_is_zero(reports: Path) -> None:
    for day in range(1, 6):
        write_night(reports, day, {"cloudsign": ENTRY_RENAMED})
    assert kinds(news(reports, Policy(remind_after=0))) == [["new DRIFT dX電子契約"], [], [], [], []]


def test_one_unreachable_night_is_no_news_two_in_a_row_are_and_so_is_the_return(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": SITE_DOWN})  # a blip
    write_night(reports, 2, {})
    write_night(reports, 3, {"cloudsign": SITE_DOWN})
    write_night(reports, 4, {"cloudsign": SITE_DOWN})
    write_night(reports, 5, {})
    assert kinds(news(reports)) == [[], [], [], ["new UNREACHABLE dX電子契約"], ["recovered UNREACHABLE dX電子契約"]]
    assert news(reports)[3][0].first.nights == 2


def test_a_night_that_could_not_look_neither_continues_nor_ends_a_drift(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED})
    write_night(reports, 2, {"cloudsign": SITE_DOWN})  # the entry check was not reached
    write_night(reports, 3, {}, entries=("hotprofile-meishi",))  # cloudsign not walked at all
    write_night(reports, 4, {"cloudsign": ENTRY_RENAMED})
    write_night(reports, 5, {"cloudsign": ENTRY_RENAMED})
    write_night(reports, 6, {"cloudsign": ENTRY_RENAMED})
    assert kinds(news(reports)) == [["new DRIFT dX電子契約"], [], [], [], [], ["reminder DRIFT dX電子契約"]]


def test_a_change_on_the_shared_id_screen_is_one_message_for_every_service(reports: Path) -> None:
    everyone = dict.fromkeys(("cloudsign", "hotprofile-meishi", "hotprofile-kaitaku"), NEXT_RENAMED)
    write_night(reports, 1, everyone)
    write_night(reports, 2, everyone)
    write_night(reports, 3, {})
    assert kinds(news(reports)) == [
        ["new DRIFT dX電子契約+dX商談・名刺管理+dX顧客開拓"], [], ["recovered DRIFT dX電子契約+dX商談・名刺管理+dX顧客開拓"]]


def test_two_services_with_different_findings_are_two_messages(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED, "hotprofile-meishi": NEXT_RENAMED})
    assert kinds(news(reports)) == [["new DRIFT dX商談・名刺管理", "new DRIFT dX電子契約"]]


def test_the_report_language_does_not_make_a_finding_new(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED})
    japanese = Seen("DRIFT", "entry", None, "2", "画面「dX電子契約 ログイン」のボタン「ビジネスdアカウント ログイン」",
                    now="表示されていません", message="[dX電子契約] マニュアル p.16 手順2：ボタンが表示されていません")
    write_night(reports, 2, {"cloudsign": japanese})
    assert kinds(news(reports)) == [["new DRIFT dX電子契約"], []]


def test_a_different_label_on_the_same_step_is_a_new_finding_and_the_old_one_recovered(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED})
    other = Seen("DRIFT", "entry", None, "2", "link 「ログイン」 on screen 「dX電子契約 ログイン」")
    write_night(reports, 2, {"cloudsign": other})
    assert kinds(news(reports))[1] == ["new DRIFT dX電子契約", "recovered DRIFT dX電子契約"]


def test_a_stale_screen_is_announced_and_its_recovery_too(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": PICTURE_OLD})
    write_night(reports, 2, {"cloudsign": PICTURE_OLD})
    write_night(reports, 3, {})
    assert kinds(news(reports)) == [["new STALE dX電子契約"], [], ["recovered STALE dX電子契約"]]


def test_an_interrupted_night_neither_continues_nor_ends_a_finding(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED})
    half = write_night(reports, 2, {})  # stopped before it could see anything much
    (half / "status.json").write_text('{"status": "interrupted"}', encoding="utf-8")
    write_night(reports, 3, {"cloudsign": ENTRY_RENAMED})
    assert kinds(news(reports)) == [["new DRIFT dX電子契約"], []]


def test_a_check_the_suite_broke_on_is_news_and_so_is_its_return(reports: Path) -> None:
    for day in range(1, 5):
        write_night(reports, day, {"cloudsign": SUITE_BROKE})
    write_night(reports, 5, {})
    assert kinds(news(reports)) == [["new ERROR dX電子契約"], [], [], ["reminder ERROR dX電子契約"],
                                    ["recovered ERROR dX電子契約"]]


def test_a_night_the_suite_broke_on_neither_continues_nor_ends_a_drift(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED})
    write_night(reports, 2, {"cloudsign": SUITE_BROKE})  # the entry step could not be checked
    write_night(reports, 3, {"cloudsign": ENTRY_RENAMED})
    alerts = news(reports)
    assert kinds(alerts) == [["new DRIFT dX電子契約"], ["new ERROR dX電子契約"], ["recovered ERROR dX電子契約"]]


def test_a_second_night_run_in_the_same_second_is_a_night_too(reports: Path) -> None:
    write_night(reports, 1, {"cloudsign": ENTRY_RENAMED})
    write_night(reports, 1, {}, suffix="-2")  # run again at once: the run folder got a suffix
    assert kinds(news(reports)) == [["new DRIFT dX電子契約"], ["recovered DRIFT dX電子契約"]]
