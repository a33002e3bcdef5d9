"""The real nightly command with --notify, against the mock standalone, to real receivers on loopback.

Night 1: dX電子契約's login button is renamed (DRIFT): one mail with the screenshot and one webhook
post. Night 2: the button is back, but the mail server is gone: the recovery reaches the webhook,
the mail failure is printed and recorded, and the night's exit status is the check's (0).
"""
from __future__ import annotations

import json
from pathlib import Path

from receivers import Mail, Webhook, attachments_of, text_of
from rehearsal import clean_env, mock_sites, run_night

NIGHT = ["-n", "0", "--reruns", "1", "--reruns-delay", "0.2", "--report-url", "https://qa.example.jp/nightly/",
         "--", "--check-timeout", "3000", "--service", "cloudsign"]


def test_the_night_announces_a_drift_then_its_recovery_and_a_broken_channel_keeps_the_exit_status(
        tmp_path: Path, hook: Webhook, mail: Mail) -> None:
    env = clean_env(BIZD_NOTIFY_URLS=f"{mail.url} {hook.url}")
    reports = tmp_path / "reports"
    with mock_sites("entry-button-renamed") as port:
        first = run_night(reports, "--notify", "--host-map", f"127.0.0.1:{port}", *NIGHT, env=env, lang=None)
    assert first.returncode == 1, first.output  # drift fails the night, alert or not
    assert "通知：1件中1件を2か所の通知先に送信しました" in first.output
    (new,) = mail.messages
    assert new["Subject"].startswith("[DRIFT] dX電子契約 p.16") and new["Subject"].endswith("手順がマニュアルと一致しなくなりました")
    assert f"https://qa.example.jp/nightly/{first.run_folder().name}/report.html" in text_of(new)
    ((name, shot),) = attachments_of(new)
    assert name == "cloudsign-failure.png" and shot.startswith(b"\x89PNG")
    assert [p["title"] for p in hook.posts] == [new["Subject"]]
    assert hook.posts[0]["attachments"][0]["filename"] == "cloudsign-failure.png"

    mail.sink.stop()
    with mock_sites() as port:
        second = run_night(reports, "--notify", "--host-map", f"127.0.0.1:{port}", *NIGHT, env=env, lang=None)
    assert second.returncode == 0, second.output  # the night passed: a failed alert does not change that
    assert "に送信できませんでした" in second.output
    assert len(mail.messages) == 1 and len(hook.posts) == 2
    assert hook.posts[1]["title"].endswith("手順がマニュアルと再び一致しました") and "今夜解消" in hook.posts[1]["message"]
    record = json.loads((second.run_folder() / "notify.json").read_text(encoding="utf-8"))
    assert record["ok"] is False and record["messages"][0]["kind"] == "recovered"
    assert [d["sent"] for d in record["messages"][0]["delivered"]] == [False, True]
