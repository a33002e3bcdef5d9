"""What a run leaves in its folder: results.json, revisions.md, numbered screenshots, junit.xml, and
a report.html that references nothing outside itself and shows no secret."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from conftest import SECRET, SampleRun
from loginsuite import secrets
from loginsuite.results import CHECKS

# An address another host would serve, as a resource or a link.
_EXTERNAL = [
    re.compile(r"""\b(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"<link\b", re.IGNORECASE),
    re.compile(r"<script\b[^>]*\bsrc\s*=", re.IGNORECASE),
    re.compile(r"@import\b|url\(\s*['\"]?\s*(?:https?:)?//", re.IGNORECASE),
]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def external_references(html: str) -> list[str]:
    """Every external reference in the page and in the HTML pytest-html renders from its JSON blob."""
    texts = [html]
    blob = re.search(r'data-jsonblob="([^"]*)"', html)
    if blob:
        texts += list(_strings(json.loads(unescape(blob.group(1)))))
    found = []
    for text in texts:
        for pattern in _EXTERNAL:
            found += [text[max(0, m.start() - 40):m.end() + 60] for m in pattern.finditer(text)]
    return found


def test_report_has_no_external_references(sample_run: SampleRun) -> None:
    html = sample_run.html.read_text(encoding="utf-8")
    assert external_references(html) == []
    assert "data:image/png;base64," in html  # the screenshots are inside, not beside it


def test_external_reference_check_sees_links_inside_rendered_rows() -> None:
    blob = json.dumps({"tests": {"t": [{"extras": [{"content": '<a href="https://example.com/x">x</a>'}]}]}})
    page = f'<div data-jsonblob="{blob.replace(chr(34), "&#34;")}"></div><link rel="stylesheet" href="a.css">'
    assert len(external_references(page)) == 2


def test_results_json_has_one_row_per_documented_check(sample_run: SampleRun) -> None:
    results = sample_run.results
    assert results["format"] == "bizd-results/1"
    run = results["run"]
    assert run["manual"] == {"title": "ビジネスdアカウント ログインマニュアル", "version": "2.5", "issued": "2025-04-25"}
    assert run["target"] == "mock" and run["browser"].startswith("chromium ") and run["duration"] > 0
    checks = results["checks"]
    assert len(checks) == 7 * len(CHECKS)
    keys = {"id", "test", "service_id", "service", "entry", "entry_label", "page", "step", "check", "status",
            "class", "duration", "message", "screenshot"}
    assert all(set(c) == keys for c in checks)
    by_id = {c["id"]: c for c in checks}
    assert by_id["newspicks/screen"]["status"] == "failed" and by_id["newspicks/screen"]["class"] == "DRIFT"
    assert by_id["newspicks/screen"]["step"] == "①"
    assert by_id["newspicks/id"]["message"].startswith("未到達")  # the sample runs in Japanese
    assert by_id["aidma/url"]["class"] == "UNREACHABLE"
    assert by_id["marugoto-support/url"]["class"] == "N.A."
    assert by_id["cloudsign/two_step"]["screenshot"] == "shots/cloudsign-two_step-5.png"
    assert {t["class"] for t in results["tests"]} >= {"OK", "DRIFT", "UNREACHABLE", "N.A."}
    assert by_id["jsaas/id"]["class"] == "OK" and by_id["jsaas/two_step"]["class"] == "SKIPPED"
    assert len(results["tests"]) == 9


def test_revisions_md_lists_each_disagreement_as_a_change(sample_run: SampleRun) -> None:
    md = (sample_run.folder / "revisions.md").read_text(encoding="utf-8")
    assert md.startswith("# 改定案 — ビジネスdアカウント ログインマニュアル 第2.5版")
    sections = re.findall(r"^## \d+\. (.+)$", md, re.MULTILINE)
    assert sections == ["p.4 — dX勤怠・労務管理 (URL)", "p.12、手順 ① — NewsPicks+d プレミアム会員 (画面)"]
    assert "記載のURL https://jinji.jinjer.biz を https://jinji.jinjer.biz/sign_in（現在の転送先）に改めてください" in md
    assert "**近い表示:** 「ログイン / 会員登録」" in md
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert images and all((sample_run.folder / path).is_file() for path in images)
    assert "aidma" not in md  # unreachable: nothing for the manual to change


def test_numbered_screenshots_are_named_by_entry_and_step(sample_run: SampleRun) -> None:
    names = sorted(p.name for p in (sample_run.folder / "shots").glob("*.png"))
    assert {"cloudsign-login-step.png", "cloudsign-id-2.png", "cloudsign-two_step-5.png",
            "newspicks-failure.png", "aidma-failure.png"} <= set(names)
    assert all((sample_run.folder / "shots" / n).read_bytes().startswith(b"\x89PNG") for n in names)


def test_no_secret_in_any_artifact(sample_run: SampleRun) -> None:
    assert secrets.find_secrets(sample_run.folder, {"password": SECRET}) == []
    html = sample_run.html.read_text(encoding="utf-8")
    assert secrets.MASK.encode("ascii", "backslashreplace").decode() in html  # the leaking assertion, masked


def test_junit_xml_is_written_without_the_report_payload(sample_run: SampleRun) -> None:
    junit = (sample_run.folder / "junit.xml").read_text(encoding="utf-8")
    assert 'tests="9"' in junit
    assert "bizd_result" not in junit and '"walk"' not in junit
