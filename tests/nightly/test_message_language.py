"""An alert in the reader's language: every kind of news about every class, in Japanese (the default)
with no English word of ours left, and in English with no Japanese left but the manual's own words.

What an alert quotes from the night's results.json (what the manual documents, what the site showed,
the suite's error) is data, written in the language of the run that wrote it: left out of the check.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from loginsuite.nightly.alerts import NEW, RECOVERED, REMINDER, Alert, Event
from loginsuite.nightly.findings import Finding
from loginsuite.nightly.message import digest, render

SINCE = dt.datetime(2026, 12, 1, 3, 17)
BASE = "https://qa.example.jp/nightly/"
SERVICES = ("dX電子契約", "dX商談・名刺管理")
# Quoted data: the manual's label as results.json has it, the page's words, the suite's error.
DATA: dict[str, dict[str, str | None]] = {
    "DRIFT": {"check": "entry", "step": "2", "label": "ビジネスdアカウント ログイン",
              "expected": "button 「ビジネスdアカウント ログイン」 on screen 「dX電子契約 ログイン」",
              "shown": "not shown (「dアカウントでログイン」)"},
    "STALE": {"check": "screen", "step": None, "label": "電子契約サービス", "expected": "text 「電子契約サービス」",
              "shown": "「電子契約ならクラウドサイン」"},
    "UNREACHABLE": {"check": "url", "step": None, "label": "", "shown": "HTTP 503",
                    "message": "https://x.example.jp/ — HTTP 503"},
    "ERROR": {"check": "two_step", "step": "⑤", "label": "", "message": "TypeError: 'NoneType' object is not subscriptable"},
}
_QUOTED_DATA = re.compile(r"^(マニュアルの記載|サイトの表示|スイートのエラー|The manual documents|The site shows|"
                          r"The suite's error|レポート|Report)[：:].*$", re.MULTILINE)
CLASS_NAMES = r"\b(OK|STALE|DRIFT|UNREACHABLE|ERROR)\b"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def alerts() -> list[Alert]:
    """Every (kind, class), one service and two (a shared screen)."""
    made = []
    for verdict, data in DATA.items():
        for kind in (NEW, REMINDER, RECOVERED):
            events = [Event(kind, Finding(verdict=verdict, entry=service, page=16, service=service,
                                          service_id=service, **data), SINCE, 3) for service in SERVICES[:1 + (kind == NEW)]]
            made.append(Alert(kind, events))
    return made


def english_words(text: str) -> list[str]:
    text = _QUOTED_DATA.sub(" ", text)
    for service in SERVICES:
        text = text.replace(service, " ")
    text = re.sub(CLASS_NAMES + r"|\bp\.\d+|\bURL\b", " ", text)  # URL: the manual's own word (its URL tables)
    return re.findall(r"[A-Za-z]{2,}", text)


def texts(tmp_path: Path) -> list[str]:
    everything = [render(alert, tmp_path, BASE) for alert in alerts()]
    everything.append(digest(alerts(), tmp_path, BASE))
    return [f"{message.title}\n{message.body}" for message in everything]


@pytest.mark.usefixtures("japanese")
def test_every_alert_is_japanese_by_default(tmp_path: Path) -> None:
    found = [(text, words) for text in texts(tmp_path) if (words := english_words(text))]
    assert found == []
    first = texts(tmp_path)[0]
    assert "マニュアル：p.16 手順2（ログイン操作）" in first and "発生：2026年12月1日から（3晩）" in first


@pytest.mark.usefixtures("english")
def test_every_alert_is_english_on_request(tmp_path: Path) -> None:
    for text in texts(tmp_path):
        rest = _QUOTED_DATA.sub(" ", text)
        for service in SERVICES:
            rest = rest.replace(service, " ")
        assert not _JAPANESE.search(rest), text
    first = texts(tmp_path)[0]
    assert "Manual: p.16 step 2 (the login control)" in first and "Since: December 1, 2026 (3 nights)" in first
