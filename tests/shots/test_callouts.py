"""Call-outs as the manual draws them: its own numbers (①②③, 手順2), a red disc with a white numeral,
beside the control and never over it, measured in the page."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page
from shotimages import pixels

from loginsuite.report import callouts
from loginsuite.report.shots import ShotSettings, numbered_screenshot

FORM = """<!doctype html><html lang="ja"><body style="margin:0;font-family:sans-serif">
<form style="width:100%">
  <input aria-label="ビジネスdアカウントID" style="display:block;margin:0;width:300px;height:36px">
  <button type="button" style="display:block;width:100%;height:44px;margin-top:8px">ログイン</button>
  <div style="text-align:center;margin-top:40px"><a href="#">次へ</a>　<a href="#">戻る</a></div>
</form></body></html>"""


@pytest.mark.parametrize(("number", "note", "shown"), [
    ("②", None, "②"), ("② (after ①)", None, "②"), (None, "p.6 手順2", "手順2"),
    ("「ビジネスdアカウント ログイン」 (p.6 手順2)", None, "手順2"), (None, "the slide's label", ""), (None, None, ""),
])
def test_a_badge_shows_the_number_the_manual_prints(number: str | None, note: str | None, shown: str) -> None:
    assert callouts.badge(number, note) == shown


def _marks(page: Page) -> list[tuple[object, str]]:
    return [(page.get_by_label("ビジネスdアカウントID"), "①"),
            (page.get_by_role("button", name="ログイン"), "⑤"),
            (page.get_by_role("link", name="次へ"), "手順2"),
            (page.get_by_role("link", name="戻る"), "②")]


def test_badges_sit_beside_their_controls_and_cover_no_outlined_control(page: Page) -> None:
    page.set_viewport_size({"width": 800, "height": 400})
    page.set_content(FORM)
    marks = _marks(page)
    boxes = [{**locator.bounding_box(), "label": label} for locator, label in marks]  # type: ignore[attr-defined]
    callouts.draw(page, boxes)
    badges = page.evaluate("""() => [...document.querySelectorAll('[data-bizd-badge]')].map(b => {
        const r = b.getBoundingClientRect(), s = getComputedStyle(b);
        return {label: b.textContent, x: r.x, y: r.y, width: r.width, height: r.height,
                background: s.backgroundColor, color: s.color, radius: parseFloat(s.borderRadius)};
    })""")
    assert [b["label"] for b in badges] == ["①", "⑤", "手順2", "②"]
    for b in badges:
        assert b["background"] == "rgb(230, 0, 18)" and b["color"] == "rgb(255, 255, 255)"
        assert b["radius"] >= b["height"] / 2 - 0.5  # a disc (a pill for 手順2)
        assert b["x"] >= 0 and b["x"] + b["width"] <= 800
        for other in boxes:  # not over its own control's label, nor over any other outlined control
            apart = (b["x"] + b["width"] <= other["x"] or other["x"] + other["width"] <= b["x"]
                     or b["y"] + b["height"] <= other["y"] or other["y"] + other["height"] <= b["y"])
            assert apart, (b, other)
    for b, box in zip(badges, boxes):  # beside: within a badge's reach of its own control
        assert abs((b["y"] + b["height"] / 2) - (box["y"] + box["height"] / 2)) < box["height"] / 2 + b["height"] + 10
    for i, b in enumerate(badges):
        for other in badges[i + 1:]:
            assert (b["x"] + b["width"] <= other["x"] or other["x"] + other["width"] <= b["x"]
                    or b["y"] + b["height"] <= other["y"] or other["y"] + other["height"] <= b["y"])
    callouts.remove(page)
    assert page.locator(f"#{callouts.OVERLAY_ID}").count() == 0


def test_the_screenshot_shows_the_red_badge_and_leaves_the_page_as_it_was(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 800, "height": 400})
    page.set_content(FORM)
    count = "() => document.querySelectorAll('*').length"
    before = page.evaluate(count)
    path = numbered_screenshot(page, tmp_path / "shot.png", _marks(page)[:1], ShotSettings(tmp_path))
    assert page.evaluate(count) == before and page.locator(f"#{callouts.OVERLAY_ID}").count() == 0
    field = page.get_by_label("ビジネスdアカウントID").bounding_box()
    assert field is not None
    image = Image.open(path).convert("RGB")
    # The field starts at the page's left edge: its badge goes to the right of the frame.
    right = image.crop((int(field["x"] + field["width"] + 8), int(field["y"]),
                        int(field["x"] + field["width"] + 44), int(field["y"] + field["height"])))
    assert any(r > 200 and g < 40 and b < 60 for r, g, b in pixels(right))
    inside = image.crop((int(field["x"]) + 4, int(field["y"]) + 4, int(field["x"] + field["width"]) - 4,
                         int(field["y"] + field["height"]) - 4))
    assert not any(r > 200 and g < 40 and b < 60 for r, g, b in pixels(inside)), "the badge covers the field"
