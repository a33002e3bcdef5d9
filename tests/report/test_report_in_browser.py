"""The produced report, rendered in headless Chromium: matrix first, images load, nothing from the network."""
from __future__ import annotations

from playwright.sync_api import expect

from conftest import ReportView
from loginsuite.results import CHECKS


def test_report_opens_with_the_verdict_and_matrix_and_folds_pytest_away(report_view: ReportView) -> None:
    page = report_view.page
    expect(page.locator("#bizd-matrix table.bizd-matrix").first).to_be_visible()
    expect(page.locator("#bizd-verdict")).to_be_in_viewport()
    expect(page.locator("#bizd-verdict .bizd-verdict")).to_contain_text("DRIFT")
    order = page.evaluate("""() => {
        const all = [...document.querySelectorAll('#bizd-verdict, #bizd-matrix, #bizd-revisions, #bizd-technical')];
        return all.map(e => e.id);
    }""")
    assert order == ["bizd-verdict", "bizd-matrix", "bizd-revisions", "bizd-technical"]
    for part in ("#environment", "#results-table", ".bizd-failure"):  # tracebacks and pytest's table: folded
        expect(page.locator(f"#bizd-technical {part}").first).to_be_hidden()
    page.locator("#bizd-technical > summary").click()
    expect(page.locator("#bizd-technical #results-table")).to_be_visible()
    assert page.locator("#bizd-matrix table.bizd-matrix:not(.bizd-others) tbody tr").count() == 7  # cloudsign, newspicks, 2×jinjer, jsaas, aidma, marugoto


def test_matrix_cells_show_each_check_and_link_to_the_test_details(report_view: ReportView) -> None:
    page = report_view.page
    newspicks = page.locator('#bizd-matrix tr[data-case="newspicks"]')
    statuses = [newspicks.locator(f'td[data-check="{c}"]').get_attribute("data-status") for c in CHECKS]
    assert statuses == ["passed", "failed", "skipped", "skipped", "skipped", "skipped", "skipped"]
    assert page.locator('#bizd-matrix tr[data-case="marugoto-support"] td[data-status="not_applicable"]').count() == 7
    expect(newspicks.locator("td.verdict")).to_have_text("DRIFT")
    jsaas = page.locator('#bizd-matrix tr[data-case="jsaas"]')
    expect(jsaas.locator("td.verdict")).to_have_text("OK")  # stopped at the ID screen on purpose
    expect(jsaas.locator('td[data-check="two_step"]')).to_have_attribute("data-status", "skipped")
    targets = page.evaluate("""() => [...document.querySelectorAll('#bizd-matrix a[href^="#"]')]
        .map(a => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))])""")
    assert targets and all(found for _, found in targets), [href for href, found in targets if not found]
    newspicks.locator('td[data-check="screen"] a').click()  # opens 'technical details' at the test's row
    expect(page.locator("tbody.failed", has=page.locator('[id^="walk-"][id*="drifts"]')).locator(
        ".bizd-failure")).to_be_in_viewport()


def test_every_embedded_screenshot_loads(report_view: ReportView) -> None:
    page = report_view.page
    page.locator("#bizd-technical > summary").click()
    page.locator("#show_all_details").click()
    sizes = page.evaluate("""async () => {
        const images = [...document.images].filter(i => i.getAttribute('src'));
        await Promise.all(images.map(i => i.decode().catch(() => null)));
        return images.map(i => [i.getAttribute('src').slice(0, 22), i.naturalWidth]);
    }""")
    assert len(sizes) >= 6  # the matrix rows' pictures + the revisions' own
    assert all(src.startswith("data:image/png;base64") for src, _ in sizes), sizes
    assert all(width > 0 for _, width in sizes), sizes


def test_report_loads_nothing_from_the_network(report_view: ReportView) -> None:
    report_view.page.locator("#bizd-technical > summary").click()
    report_view.page.locator("#show_all_details").click()
    report_view.page.wait_for_load_state("load")
    assert report_view.refused == []


def test_header_names_manual_target_browser_suite_time_and_host(report_view: ReportView) -> None:
    page = report_view.page
    expect(page.locator("#title")).to_contain_text("ビジネスdアカウント ログインマニュアル 第2.5版")
    environment = page.locator("#environment")
    for key, value in [("Manual", "2025-04-25"), ("Target", "mock"), ("Browser", "chromium "),
                       ("Suite version", ""), ("Started", "T"), ("Duration", " s"), ("Host", "")]:
        row = environment.locator("tr", has=page.locator("td", has_text=key)).first
        expect(row).to_contain_text(value)


def test_drift_details_name_service_page_step_documented_and_found(report_view: ReportView) -> None:
    page = report_view.page
    failure = page.locator(".bizd-failure", has_text="NewsPicks")
    expect(failure).to_contain_text("manual p.12, step ① (screen): DRIFT")
    expect(failure).to_contain_text("画面「NewsPicks トップ」のボタン「ログイン」")
    expect(failure).to_contain_text("「ログイン / 会員登録」")
    expect(failure.locator("a", has_text="trace.zip")).to_have_count(1)


def test_comparison_with_the_previous_run_is_at_the_top(report_view: ReportView) -> None:
    compare = report_view.page.locator("#bizd-compare")
    expect(compare).to_contain_text("1 newly failing, 1 fixed, 1 still failing")
    expect(compare.locator("li.new")).to_contain_text("NewsPicks")
    expect(compare.locator("li.fixed")).to_contain_text("cloudsign")
    assert report_view.page.evaluate(
        "() => document.querySelector('#bizd-compare').compareDocumentPosition("
        "document.querySelector('#bizd-matrix')) & Node.DOCUMENT_POSITION_FOLLOWING")


def test_every_screenshot_opens_full_size(report_view: ReportView) -> None:
    page = report_view.page
    pictures = page.locator("#bizd-document img.bizd-thumb, #bizd-revisions img")
    assert pictures.count() >= 6
    for n in range(pictures.count()):
        picture = pictures.nth(n)
        picture.scroll_into_view_if_needed()
        picture.click()
        box = page.locator("#bizd-lightbox")
        expect(box).to_be_visible()
        natural, shown = box.locator("img").evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
        assert natural >= 800 and shown == natural  # the picture at its own size: step numbers legible
        page.keyboard.press("Escape")
        expect(box).to_be_hidden()


def test_the_matrix_legend_explains_every_class(report_view: ReportView) -> None:
    legend = report_view.page.locator("#bizd-legend")
    for verdict in ("OK", "STALE", "DRIFT", "UNREACHABLE", "ERROR", "N.A."):
        expect(legend.locator("span.verdict", has_text=verdict).first).to_be_visible()
    expect(legend).to_contain_text("画面がマニュアルの画像と異なります")
