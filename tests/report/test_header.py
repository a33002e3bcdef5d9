"""The report's header facts and their redaction (pytest-html's Environment table)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from loginsuite import secrets
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


def test_metadata_names_manual_target_browser_suite_time_and_host() -> None:
    info = header.RunInfo("ビジネスdアカウント ログインマニュアル", "2.5", "2025-04-25", "live", "the real sites",
                          "abc123", "qa-box", dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC),
                          dt.datetime(2025, 5, 1, 9, 2, tzinfo=dt.UTC), {"chromium 140.0"})
    assert header.metadata_entries(info) == {
        "Manual": "ビジネスdアカウント ログインマニュアル 第2.5版 (2025-04-25 発行)",
        "Target": "live (the real sites)",
        "Browser": "chromium 140.0",
        "Suite version": "abc123",
        "Started": "2025-05-01T09:00:00+00:00",
        "Duration": "120.0 s",
        "Host": "qa-box",
    }


def test_suite_version_is_the_checked_out_commit() -> None:
    assert header.suite_version().split("-")[0].isalnum()
