"""Walking four at a time decides exactly what walking one at a time decides.

The night's speed comes from several walks sharing one browser context (``--at-once``); that must
not change any class. One mock world with drift, a moved URL, a 503 and a stale screen fact, walked
with ``--at-once 1`` and ``--at-once 4``: every check of every walk has the same class.
"""
from __future__ import annotations

import json
from pathlib import Path

from rehearsal import mock_sites, run_night

SCENARIOS = ("entry-button-renamed", "url-moved", "url-redirects-elsewhere", "unavailable@www.rview.com",
             "operator-note-removed")


def classes(folder: Path) -> dict[tuple[str, str], str]:
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return {(c["entry"] or c["service_id"], c["check"]): c["class"] for c in data["checks"]}


def test_four_walks_at_once_give_every_check_the_class_one_at_a_time_gives(tmp_path: Path) -> None:
    nights = {}
    with mock_sites(*SCENARIOS) as port:
        for at_once in ("1", "4"):
            night = run_night(tmp_path / at_once, "--host-map", f"127.0.0.1:{port}", "-n", "0", "--at-once", at_once,
                              "--reruns", "0", timeout=240)
            nights[at_once] = classes(night.run_folder())
    one, four = nights["1"], nights["4"]
    assert len(one) > 60, one  # every documented entry's checks, not a night that stopped early
    assert four == one, {k: (one.get(k), four.get(k)) for k in sorted(set(one) | set(four)) if one.get(k) != four.get(k)}
    found = set(one.values())
    assert {"OK", "DRIFT", "UNREACHABLE"} <= found, found  # the world's faults were seen, so the comparison means something
