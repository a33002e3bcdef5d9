"""Secrets in screenshots look like a filled form: discs in the field's own shape, measured on the
picture; the account ID is hidden everywhere but on the mock."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page
from shotimages import pixels

from loginsuite import secrets
from loginsuite.report import masking
from loginsuite.report.shots import ShotSettings, numbered_screenshot

LIVE_ID = "qa-account-7731@example.jp"
FIELD = "display:block;width:240px;height:32px;margin:8px;font:16px monospace;border:1px solid #888;border-radius:6px"
FORM = f"""<!doctype html><html lang="ja"><body style="margin:0">
<input aria-label="ビジネスdアカウントID" autocomplete="username" style="{FIELD}">
<input aria-label="パスワード" type="password" style="{FIELD}">
<input aria-label="セキュリティコード" autocomplete="one-time-code" inputmode="numeric" style="{FIELD}">
<input aria-label="見本" style="{FIELD}">
<p>送信先: {LIVE_ID}</p></body></html>"""


@pytest.fixture
def form(page: Page) -> Iterator[Page]:
    page.set_viewport_size({"width": 400, "height": 300})
    page.set_content(FORM)
    page.get_by_label("ビジネスdアカウントID").fill(LIVE_ID)
    page.get_by_label("パスワード").fill("483920")
    page.get_by_label("セキュリティコード").fill("483920")
    page.get_by_label("見本").fill("483920")
    yield page
    secrets.clear()


def _crop(image: Image.Image, page: Page, label: str) -> Image.Image:
    box = page.get_by_label(label).bounding_box()
    assert box is not None
    return image.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))


def _shot(page: Page, folder: Path, hide_account_id: bool) -> Image.Image:
    path = numbered_screenshot(page, folder / f"shot-{hide_account_id}.png", [], ShotSettings(folder, 1000, hide_account_id))
    return Image.open(path).convert("RGB")


def test_a_security_code_field_shows_discs_in_its_own_shape_like_a_password_field(form: Page, tmp_path: Path) -> None:
    image = _shot(form, tmp_path, hide_account_id=False)
    code, password, plain = (_crop(image, form, label) for label in ("セキュリティコード", "パスワード", "見本"))
    assert len(set(pixels(code))) > 2, "a flat block, not a filled field"
    assert pixels(code) == pixels(password), "the code field should look like the password field"
    assert pixels(code) != pixels(plain), "the code's digits are readable"
    assert image.getpixel((0, 0)) == (255, 255, 255)  # no block over the page


def test_on_the_mock_the_account_id_stays_readable(form: Page, tmp_path: Path) -> None:
    secrets.register(LIVE_ID, "account_id")
    image = _shot(form, tmp_path, hide_account_id=False)
    assert form.get_by_label("ビジネスdアカウントID").evaluate("e => getComputedStyle(e).webkitTextSecurity") == "none"
    assert len(set(pixels(_crop(image, form, "ビジネスdアカウントID")))) > 2


def test_off_the_mock_the_account_id_is_discs_in_its_field_and_in_the_page_text(form: Page, tmp_path: Path) -> None:
    secrets.register(LIVE_ID, "account_id")
    readable = _shot(form, tmp_path, hide_account_id=False)
    with masking.hidden_text(form, [LIVE_ID]):
        assert LIVE_ID not in form.locator("body").inner_text()
        assert masking.DISCS in form.locator("p").inner_text()
    assert LIVE_ID in form.locator("p").inner_text()  # put back after the capture
    hidden = _shot(form, tmp_path, hide_account_id=True)
    field_before, field_after = (_crop(i, form, "ビジネスdアカウントID") for i in (readable, hidden))
    assert pixels(field_before) != pixels(field_after)
    assert len(set(pixels(field_after))) > 2
    text_box = form.locator("p").bounding_box()
    assert text_box is not None
    area = (0, int(text_box["y"]), 400, int(text_box["y"] + text_box["height"]))
    assert pixels(readable.crop(area)) != pixels(hidden.crop(area))
    assert form.locator("p").inner_text().endswith(LIVE_ID)
