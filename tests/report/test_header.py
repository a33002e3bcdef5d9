"""The report's header facts and their redaction (pytest-html's Environment table)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from loginsuite import i18n, secrets
from loginsuite.report import header


@pytest.fixture
def registered_secret() -> Iterator[str]:
    value = "hunter2-for-the-header"
    secrets.register(value, "password")
    yield value
    secrets.clear()


def test_redaction_blanks_secret_keys_and_masks_registered_values(registered_secret: str) -> None:
    metadata = {"BIZD_IMAP_PASSWORD": "pw", "CI_JOB_TOKEN": "tok", "Target": "mock",
                "Note": f"typed {registered_secret}", "Plugins": {"api_key": "k", "html": "4.2.0"},
                "custom": "keep"}
    header.redact(metadata, [r"^custom$"])
    assert metadata["BIZD_IMAP_PASSWORD"] == metadata["CI_JOB_TOKEN"] == metadata["custom"] == header.REDACTED
    assert metadata["Plugins"] == {"api_key": header.REDACTED, "html": "4.2.0"}
    assert metadata["Note"] == f"typed {secrets.MASK}" and metadata["Target"] == "mock"



def test_metadata_names_manual_target_browser_suite_time_and_host(english: None) -> None:
    info = header.RunInfo("ビジネスdアカウント ログインマニュアル", "2.5", "2025-04-25", "live", "the real sites",
                          "abc123", "qa-box", dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC),
                          dt.datetime(2025, 5, 1, 9, 2, tzinfo=dt.UTC), {"chromium 140.0"})
    assert header.metadata_entries(info) == {
        "Manual": "ビジネスdアカウント ログインマニュアル edition 2.5 (issued April 25, 2025)",
        "Target": "live (the real sites)",
        "Browser": "chromium 140.0",
        "Suite version": "abc123",
        "Started": "May 1, 2025 09:00:00",
        "Duration": "120.0 s",
        "Host": "qa-box",
    }


def test_suite_version_is_the_checked_out_commit() -> None:
    assert header.suite_version().split("-")[0].isalnum()


def test_metadata_in_japanese_writes_the_date_as_the_manual_does() -> None:
    before = i18n.language()
    i18n.set_language("ja")
    try:
        info = header.RunInfo("ビジネスdアカウント ログインマニュアル", "2.5", "2025-04-25", "mock", "内蔵のモックサイト",
                              "abc123", "qa-box", dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC))
        entries = header.metadata_entries(info)
    finally:
        i18n.set_language(before)
    assert entries["マニュアル"] == "ビジネスdアカウント ログインマニュアル 第2.5版（2025年4月25日 発行）"
    assert entries["検証先"] == "モック (内蔵のモックサイト)" and entries["開始"] == "2025年5月1日 09:00:00"
