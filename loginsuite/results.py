"""Per-test results kept in pytest's stash: what the walks record, what the report and nightly read."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from loginsuite.mismatch import CheckRecord

# The report columns, in the manual's order.
CHECKS = ("url", "screen", "entry", "id", "two_step", "consent", "signed_in")
CHECK_TITLES = {
    "url": "URL",
    "screen": "画面",
    "entry": "ログイン操作",
    "id": "ID入力",
    "two_step": "2段階認証",
    "consent": "同意",
    "signed_in": "ログイン完了",
}


@dataclass
class WalkRecord:
    """What one walk test did: which service/entry, each documented check's outcome."""

    service_id: str
    service: str
    entry_id: str | None
    entry_label: str
    page: int
    checks: dict[str, CheckRecord] = field(default_factory=dict)
    new_address: str | None = None
    screenshots: list[tuple[str, str]] = field(default_factory=list)  # (caption, png path)
    screens: list[dict[str, object]] = field(default_factory=list)  # baseline.ScreenCheck rows (+ "check")

    def record(self, record: CheckRecord) -> None:
        self.checks[record.check] = record


WALK_KEY = pytest.StashKey[WalkRecord]()
