"""Last verified per service, from the run history and the baseline: the last day the whole path
passed (a night stopped at the ID screen does not count) and the last day its screens matched."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from loginsuite.i18n import format_day
from loginsuite.report.verified import history, last_verified, verified_html


def _results(day: str, service: str, cls: str, signed_in: str, screens: list[str]) -> dict[str, Any]:
    test = f"test_walk[{service}]"
    return {
        "format": "bizd-results/1", "run": {"started": f"{day}T03:17:00+09:00"},
        "tests": [{"test": test, "class": cls}],
        "checks": [{"service_id": service, "service": service.upper(), "test": test, "check": "url", "status": "passed"},
                   {"service_id": service, "service": service.upper(), "test": test, "check": "signed_in",
                    "status": signed_in}],
        "screens": [{"service_id": service, "key": f"{service}/s{i}", "status": s} for i, s in enumerate(screens)],
    }


def _write(reports: Path, name: str, results: dict[str, Any]) -> None:
    (reports / name).mkdir(parents=True)
    (reports / name / "results.json").write_text(json.dumps(results), encoding="utf-8")


def test_dates_come_from_the_newest_run_where_each_held(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    _write(reports, "20261120-031700-mock", _results("2026-11-20", "cloudsign", "OK", "passed", ["as_approved"] * 2))
    _write(reports, "20261125-031700-nightly", _results("2026-11-25", "cloudsign", "OK", "skipped", ["as_approved"]))
    _write(reports, "20261128-031700-mock", _results("2026-11-28", "cloudsign", "STALE", "passed",
                                                     ["as_approved", "changed"]))
    _write(reports, "20261130-031700-mock", _results("2026-11-30", "cloudsign", "DRIFT", "failed", []))
    today = _results("2026-12-02", "cloudsign", "DRIFT", "skipped", ["changed"])
    dates = last_verified(today, history(reports))
    # 11-28: the whole path passed (STALE: the screens differ, the procedure works); 11-25 stopped at the ID screen.
    assert dates == {"cloudsign": {"path_passed": "2026-11-28", "screens_matched": "2026-11-25"}}


def test_approving_a_screen_is_a_day_it_matched_and_a_new_service_was_never_verified(tmp_path: Path) -> None:
    today = _results("2026-12-02", "jsaas", "DRIFT", "failed", ["not_approved"])
    approved = {"jsaas/s0": {"service_id": "jsaas", "approved": "2026-11-29"}}
    assert last_verified(today, history(tmp_path / "none"), approved) == {
        "jsaas": {"path_passed": None, "screens_matched": "2026-11-29"}}
    assert last_verified(today, []) == {"jsaas": {"path_passed": None, "screens_matched": None}}


def test_the_report_table_names_each_service_with_both_dates() -> None:
    html = verified_html({"cloudsign": {"path_passed": "2026-11-28", "screens_matched": None}}, {"cloudsign": "dX電子契約"})
    assert 'data-service="cloudsign"' in html and "dX電子契約" in html and format_day("2026-11-28") in html
