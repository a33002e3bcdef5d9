"""Alerts through Apprise to real receivers on loopback: an SMTP server and a JSON webhook.

Nights are written into a temporary reports folder one after another, and after each the notify
step runs as the nightly command runs it; the receivers show exactly which messages went out.
"""
from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from nights import ENTRY_RENAMED, NEXT_RENAMED, PICTURE_OLD, SITE_DOWN, SUITE_BROKE, Seen, png, write_night
from receivers import Mail, Webhook, attachments_of, text_of

from loginsuite import i18n
from loginsuite.nightly.alerts import Policy
from loginsuite.nightly.message import report_link
from loginsuite.nightly.notify import (
    RECORD,
    URLS_ENV,
    NotifyConfigError,
    Settings,
    channels_from,
    mask_url,
    notify_night,
)

BASE = "https://qa.example.jp/nightly/"


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    before = i18n.language()
    i18n.set_language("ja")
    yield
    i18n.set_language(before)


def settings(*urls: str, remind_after: int = 2, history: list[Path] | None = None, max_messages: int = 10) -> Settings:
    return Settings(channels_from({URLS_ENV: " ".join(urls)}), Policy(remind_after=remind_after, unreachable_after=2),
                    report_base=BASE, history=history or [], max_messages=max_messages)


def night(reports: Path, day: int, seen: dict[str, Seen], config: Settings) -> tuple[Path, str]:
    folder = write_night(reports, day, seen)
    out = io.StringIO()
    notify_night(folder, config, out)
    return folder, out.getvalue()


def test_new_persisting_reminder_recovered_reach_mail_and_webhook_exactly(tmp_path: Path, mail: Mail,
                                                                          hook: Webhook) -> None:
    config = settings(mail.url, hook.url, remind_after=2)
    reports = tmp_path / "reports"
    sent_per_night = []
    for day, seen in enumerate([{"cloudsign": ENTRY_RENAMED}] * 3 + [{}, {}], start=1):
        night(reports, day, seen, config)
        sent_per_night.append((len(mail.messages), len(hook.posts)))
    # new (night 1), persisting (2: nothing), reminder (3 = 1 + 2), recovered (4), unchanged (5: nothing)
    assert sent_per_night == [(1, 1), (1, 1), (2, 2), (3, 3), (3, 3)]

    new, reminder, recovered = mail.messages
    assert new["Subject"] == "[DRIFT] dX電子契約 p.16 手順2：手順がマニュアルと一致しなくなりました"
    body = text_of(new).replace("\r\n", "\n").strip()
    assert "サービス：dX電子契約" in body and "マニュアル：p.16 手順2（ログイン操作）" in body
    assert "マニュアルの記載：button 「ビジネスdアカウント ログイン」 on screen 「dX電子契約 ログイン」" in body
    assert "サイトの表示：not shown (「dアカウントでログイン」)" in body
    assert "発生：2026年12月1日から（1晩）" in body
    assert f"レポート：{BASE}20261201-031700-nightly/report.html" in body
    assert attachments_of(new) == [("cloudsign-failure.png", png())]
    assert reminder["Subject"] == "[DRIFT] dX電子契約 p.16 手順2：手順がマニュアルと一致しないまま3晩続いています"
    assert "発生：2026年12月1日から（3晩）" in text_of(reminder)
    assert recovered["Subject"] == "[DRIFT] dX電子契約 p.16 手順2：手順がマニュアルと再び一致しました"
    assert "今夜解消" in text_of(recovered) and f"{BASE}20261204-031700-nightly/" in text_of(recovered)

    titles = [post["title"] for post in hook.posts]
    assert titles == [m["Subject"] for m in mail.messages]
    assert hook.posts[0]["message"] == body
    attached = hook.posts[0]["attachments"]
    assert [(a["filename"], a["mimetype"]) for a in attached] == [("cloudsign-failure.png", "image/png")]
    assert base64.b64decode(attached[0]["base64"]) == png()


def test_what_was_sent_is_recorded_in_the_run_folder(tmp_path: Path, hook: Webhook) -> None:
    folder, printed = night(tmp_path / "reports", 1, {"cloudsign": ENTRY_RENAMED}, settings(hook.url))
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    assert record["ok"] is True and record["errors"] == []
    (message,) = record["messages"]
    assert (message["kind"], message["class"], message["services"]) == ("new", "DRIFT", ["dX電子契約"])
    assert message["findings"] == ["DRIFT/cloudsign/entry/p16/2/dX電子契約 ログイン｜ビジネスdアカウント ログイン"]
    assert message["attachment"] == "shots/cloudsign-failure.png"
    assert message["delivered"] == [{"channel": hook.url, "sent": True, "error": None}]
    assert "1件中1件を1か所の通知先に送信しました" in printed
    _, quiet = night(tmp_path / "reports", 2, {"cloudsign": ENTRY_RENAMED}, settings(hook.url))
    assert "今夜は変化がないため、送信しません" in quiet and len(hook.posts) == 1


def test_a_shared_screen_change_is_one_mail_listing_the_services(tmp_path: Path, mail: Mail) -> None:
    everyone = dict.fromkeys(("cloudsign", "hotprofile-meishi", "hotprofile-kaitaku"), NEXT_RENAMED)
    night(tmp_path / "reports", 1, everyone, settings(mail.url))
    (only,) = mail.messages
    assert only["Subject"] == "[DRIFT] 3サービス p.6 手順②：手順がマニュアルと一致しなくなりました"
    assert "サービス：dX電子契約、dX商談・名刺管理、dX顧客開拓" in text_of(only)
    assert len(attachments_of(only)) == 1


def test_an_unreachable_site_is_announced_on_its_second_night_only(tmp_path: Path, hook: Webhook) -> None:
    config = settings(hook.url)
    night(tmp_path / "reports", 1, {"cloudsign": SITE_DOWN}, config)
    assert hook.posts == []
    night(tmp_path / "reports", 2, {"cloudsign": SITE_DOWN}, config)
    (post,) = hook.posts
    assert post["title"] == "[UNREACHABLE] dX電子契約 p.16：サイトに2晩続けて接続できません"
    assert "サイトの表示：HTTP 503" in post["message"] and "発生：2026年12月1日から（2晩）" in post["message"]


def test_a_broken_channel_is_printed_and_recorded_and_the_others_still_receive(tmp_path: Path, hook: Webhook,
                                                                               mail: Mail) -> None:
    mail.sink.stop()  # nothing listens there any more
    broken = mail.url.replace("mailto://", "mailto://nightly:hunter2secret@").replace("from=", "user=nightly&from=")
    folder, printed = night(tmp_path / "reports", 1, {"cloudsign": ENTRY_RENAMED}, settings(broken, hook.url))
    assert len(hook.posts) == 1
    assert "に送信できませんでした" in printed and "1件中0件を2か所の通知先に送信しました" in printed
    record_text = (folder / RECORD).read_text(encoding="utf-8")
    record = json.loads(record_text)
    assert record["ok"] is False and len(record["errors"]) == 1
    assert [d["sent"] for d in record["messages"][0]["delivered"]] == [False, True]
    assert "hunter2secret" not in printed + record_text
    assert "mailto://••••••@127.0.0.1" in printed


def test_a_check_the_suite_broke_on_says_so_with_the_error_not_as_the_site(tmp_path: Path, hook: Webhook) -> None:
    night(tmp_path / "reports", 1, {"cloudsign": SUITE_BROKE}, settings(hook.url))
    (post,) = hook.posts
    assert post["title"] == "[ERROR] dX電子契約 p.16 手順2：チェックがエラーで中断しました（サイトではなくスイート自身の不具合）"
    assert "スイートのエラー：TypeError: 'NoneType' object is not subscriptable" in post["message"]
    assert "サイトの表示" not in post["message"]


def test_english_on_request(tmp_path: Path, hook: Webhook) -> None:
    i18n.set_language("en")
    night(tmp_path / "reports", 1, {"cloudsign": ENTRY_RENAMED}, settings(hook.url))
    (post,) = hook.posts
    assert post["title"] == "[DRIFT] dX電子契約 p.16 step 2: the procedure no longer matches the manual"
    assert "Since: December 1, 2026 (1 night)" in post["message"]
    assert "Manual: p.16 step 2 (the login control)" in post["message"]


@pytest.mark.parametrize(("value", "problem"), [
    ("", "BIZD_NOTIFY_URLS が空です"),
    ("json://127.0.0.1:9/hook nonsense://x", "2番目の URL"),
    ("mailto://me:pa55word@127.0.0.1:25?to=qa@example.com", "mailto://••••••@127.0.0.1:25"),
])
def test_a_channel_that_cannot_work_is_a_clear_error(value: str, problem: str) -> None:
    with pytest.raises(NotifyConfigError, match=problem) as raised:
        channels_from({URLS_ENV: value})
    assert "pa55word" not in str(raised.value)


def test_several_urls_separated_by_spaces_or_commas_keep_commas_inside_a_url() -> None:
    channels = channels_from({URLS_ENV: "json://127.0.0.1:9/a,json://127.0.0.1:9/b "
                                        "mailto://127.0.0.1:2525?from=n@example.com&to=a@example.com,b@example.com"})
    assert [c.shown for c in channels] == ["json://127.0.0.1:9/a", "json://127.0.0.1:9/b",
                                           "mailto://127.0.0.1:2525/a%40example.com/b%40example.com"]


def test_the_report_link_is_the_base_with_the_run_or_the_address_ci_left() -> None:
    folder = Path("/r/20261201-031700-nightly")
    assert report_link(folder, BASE) == f"{BASE}20261201-031700-nightly/report.html"
    assert report_link(folder, "https://ci.example/runs/7?run={run}") == "https://ci.example/runs/7?run=20261201-031700-nightly"
    assert report_link(folder, "https://ci.example/runs/7") == "https://ci.example/runs/7"
    assert report_link(folder, None) == "/r/20261201-031700-nightly/report.html"


def test_past_nights_can_come_from_another_folder(tmp_path: Path, hook: Webhook) -> None:
    history = tmp_path / "previous" / "nights"
    write_night(history, 1, {"cloudsign": ENTRY_RENAMED})  # last night, downloaded from CI
    folder = write_night(tmp_path / "reports", 2, {"cloudsign": ENTRY_RENAMED})
    notify_night(folder, settings(hook.url, history=[history]), io.StringIO())
    assert hook.posts == []  # not new: it was there last night
    notify_night(write_night(tmp_path / "reports", 3, {}), settings(hook.url, history=[history]), io.StringIO())
    assert [p["title"].split("：")[1] for p in hook.posts] == ["手順がマニュアルと再び一致しました"]


def test_a_channel_without_attachments_still_gets_the_text(tmp_path: Path, hook: Webhook) -> None:
    # Mattermost's incoming webhook (JSON to /hooks/TOKEN) takes no files: the message goes without it.
    chat = hook.url.replace("json://", "mmost://").replace("/hook", "/abcdefghijklmnopqrstuvwxyz")
    _, printed = night(tmp_path / "reports", 1, {"cloudsign": ENTRY_RENAMED}, settings(chat))
    (post,) = hook.posts
    assert "dX電子契約" in post["text"] and "2026年12月1日" in post["text"] and "attachments" not in post
    assert "1件中1件を1か所の通知先に送信しました" in printed


def test_a_stale_screen_says_what_the_picture_shows_and_what_the_site_shows(tmp_path: Path, hook: Webhook) -> None:
    night(tmp_path / "reports", 1, {"cloudsign": PICTURE_OLD}, settings(hook.url))
    (post,) = hook.posts
    assert post["title"] == "[STALE] dX電子契約 p.16：画面がマニュアルの画像と異なります"
    assert "マニュアルの記載：text 「電子契約サービス」 on screen 「dX電子契約 ログイン」" in post["message"]
    assert "サイトの表示：「電子契約ならクラウドサイン」" in post["message"]


@pytest.mark.parametrize("url", [
    "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#qa",
    "workflows://prod-12.westus.logic.azure.com:443/4e1f0d2cab97461d86a3/Sig0x7hQp3vWmR2KzYbN",
    "mailtos://qa-bot:App-Pa55-word@smtp.example.jp?to=qa@example.jp",
    "json://127.0.0.1:9/hook?token=Tok3n-0123456789",
])
def test_the_secret_parts_of_a_channel_url_are_masked_in_whatever_is_written(url: str) -> None:
    (channel,) = channels_from({URLS_ENV: url})
    for secret in ("TIiajkdnlazkcOXrIdevi7FQ", "4e1f0d2cab97461d86a3", "Sig0x7hQp3vWmR2KzYbN", "App-Pa55-word",
                   "Tok3n-0123456789"):
        assert secret not in channel.shown
        assert secret not in mask_url(f"error while posting to {url}")
    assert "127.0.0.1" in mask_url("http://127.0.0.1:9/") and "smtp.example.jp" in mask_url("smtp.example.jp")


def test_more_changes_than_the_limit_are_one_digest(tmp_path: Path, mail: Mail, hook: Webhook) -> None:
    config = settings(mail.url, hook.url, max_messages=1)
    folder, printed = night(tmp_path / "reports", 1, {"cloudsign": ENTRY_RENAMED, "hotprofile-meishi": NEXT_RENAMED},
                            config)
    (post,) = hook.posts
    assert post["title"] == "夜間チェック：今夜は2件の変化があります"
    lines = post["message"].splitlines()
    assert lines[0].startswith("[DRIFT] dX商談・名刺管理 p.6 手順②") and lines[1].startswith("[DRIFT] dX電子契約 p.16")
    assert lines[2] == f"レポート：{BASE}{folder.name}/report.html"
    assert len(mail.messages) == 1 and "1件中1件を2か所" in printed
    (message,) = json.loads((folder / RECORD).read_text(encoding="utf-8"))["messages"]
    assert (message["kind"], len(message["findings"])) == ("digest", 2)
