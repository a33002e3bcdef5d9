"""Per-test results kept in pytest's stash: what the walks record, what the report and nightly read."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pytest

from loginsuite.mismatch import CheckRecord, StaleFact

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


# What a person reads for a test that walks no single entry (appendix, invitation, negative paths):
# set by the test in the manual's words, read by the report's row and the console line.
TITLE_KEY = pytest.StashKey[str]()


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
    stale: list[dict[str, object]] = field(default_factory=list)  # mismatch.StaleFact rows, one per change

    def record(self, record: CheckRecord) -> None:
        self.checks[record.check] = record

    def record_stale(self, fact: StaleFact) -> None:
        """A screen fact that differs (STALE); the same change seen twice in one walk is kept once."""
        if all(row.get("key") != fact.key for row in self.stale):
            self.stale.append({**asdict(fact), "key": fact.key})

    @property
    def is_stale(self) -> bool:
        """The screens differ from the manual's pictures (a screen fact, or a screen changed since approved)."""
        return bool(self.stale) or any(row.get("status") == "changed" for row in self.screens)

    def stale_checks(self) -> set[str]:
        """The report columns whose screens differ."""
        return ({str(row.get("check")) for row in self.stale}
                | {str(row.get("check")) for row in self.screens if row.get("status") == "changed"})


WALK_KEY = pytest.StashKey[WalkRecord]()
