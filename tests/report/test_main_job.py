"""The real main job (``python -m loginsuite run``) on two services of the embedded mock, one of
them drifted: the run folder, reports/latest, the revision, and the report in Chromium."""
from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect


def test_main_job_writes_the_run_folder_and_points_latest_at_it(main_job: Path) -> None:
    assert main_job.is_symlink()
    assert {"report.html", "junit.xml", "results.json", "revisions.md", "shots"} <= {p.name for p in main_job.iterdir()}
    results = json.loads((main_job / "results.json").read_text(encoding="utf-8"))
    classes = {c["id"]: c["class"] for c in results["checks"]}
    assert classes["cloudsign/signed_in"] == "OK"
    assert classes["newspicks/url"] == "OK" and "DRIFT" in {classes["newspicks/screen"], classes["newspicks/entry"]}
    assert "「dアカウントで続ける」" in (main_job / "revisions.md").read_text(encoding="utf-8")
    assert (main_job / "shots" / "cloudsign-two_step-5.png").is_file()


def test_main_job_report_renders_with_matrix_and_screenshots(main_job: Path, report_browser: Browser) -> None:
    page = report_browser.new_page()
    page.goto((main_job / "report.html").resolve().as_uri())
    expect(page.locator('#bizd-matrix tr[data-case="newspicks"] td.verdict')).to_have_text("DRIFT")
    expect(page.locator('#bizd-matrix tr[data-case="cloudsign"] td.verdict')).to_have_text("OK")
    page.locator("#bizd-technical > summary").click()
    page.locator("#show_all_details").click()
    widths = page.evaluate("""async () => {
        const images = [...document.images].filter(i => i.getAttribute('src'));
        await Promise.all(images.map(i => i.decode().catch(() => null)));
        return images.map(i => i.naturalWidth);
    }""")
    assert widths and all(w > 0 for w in widths)
    page.close()
