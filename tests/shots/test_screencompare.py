"""The comparison with approved screens: what changes from run to run never counts, a change of look
does, and a picture of another size is a difference, not a crash."""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Page

from loginsuite.baseline import Baseline, approve
from loginsuite.i18n import format_day
from loginsuite.report.capture import capture
from loginsuite.report.shots import ShotSettings, numbered_screenshot
from loginsuite.screencompare import Box, aria_diff, compare_pictures, normalise_aria

SNAPSHOT = """- heading "2段階認証" [level=2]
- definition: {who}
- paragraph: 送信日時 {when}
- textbox "セキュリティコード": {code}
- link "再送する":
  - /url: /auth/resend?state={state}
- text: お問い合わせ番号 {number}"""


def _snapshot(who: str, when: str, code: str, state: str, number: str) -> str:
    return SNAPSHOT.format(who=who, when=when, code=code, state=state, number=number)


def test_codes_dates_times_addresses_the_account_id_and_link_state_are_normalised_away() -> None:
    one = normalise_aria(_snapshot("qa-account-7731", "2026/12/01 03:17", "483920", "abc", "20261201"),
                         ["qa-account-7731"])
    two = normalise_aria(_snapshot("dem●●●@example.jp", "2026年12月2日 18:59:01", "000111", "zzz", "99887766"))
    three = normalise_aria(_snapshot("qa-1@example.jp", "12月2日 8:05", "1234", "", "4711"))
    assert aria_diff(one, two) == []
    assert aria_diff(two, three) == []
    assert "483920" not in one and "qa-account-7731" not in one and "abc" not in one


def test_a_changed_word_or_a_new_element_is_a_difference() -> None:
    approved = normalise_aria('- button "ログイン"\n')
    assert aria_diff(approved, normalise_aria('- button "ログインする"\n'))
    assert aria_diff(approved, normalise_aria('- alert: 新しいログイン画面になりました\n- button "ログイン"\n'))


def _picture(path: Path, size: tuple[int, int] = (200, 120), button: str = "#cc0033", code: str = "") -> Path:
    image = Image.new("RGB", size, "#f7f9fb")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 160, 70), fill=button)
    if code:
        draw.text((50, 90), code, fill="#000")
    image.save(path)
    return path


def test_identical_pictures_and_differences_inside_masked_regions_do_not_count(tmp_path: Path) -> None:
    approved = _picture(tmp_path / "a.png", code="483920")
    today = _picture(tmp_path / "b.png", code="771204")
    assert compare_pictures(approved, approved, []).changed_pixels == 0
    assert compare_pictures(approved, today, []).changed_pixels > 0
    masked = compare_pictures(approved, today, [Box(45, 85, 80, 20)])
    assert masked.changed_pixels == 0 and not masked.changed


def test_a_recoloured_button_is_a_change_with_a_diff_image(tmp_path: Path) -> None:
    result = compare_pictures(_picture(tmp_path / "a.png"), _picture(tmp_path / "b.png", button="#0050a0"), [])
    assert result.changed and result.changed_pixels >= 120 * 30
    assert result.diff is not None and result.diff.size == (200, 120)
    assert result.diff.getpixel((100, 55)) == (230, 0, 18)  # the changed pixels in red


def test_a_picture_of_another_size_is_compared_not_a_crash(tmp_path: Path) -> None:
    result = compare_pictures(_picture(tmp_path / "a.png"), _picture(tmp_path / "b.png", size=(200, 160)), [])
    assert result.size_changed and result.changed
    assert result.diff is not None and result.diff.size == (200, 160)


PAGE = """<!doctype html><html lang="ja"><body style="margin:20px;font-family:sans-serif">
<h2>2段階認証</h2><p>ビジネスdアカウントID</p><p>{who}</p><p>送信日時 {when}</p>
<input aria-label="セキュリティコード" autocomplete="one-time-code" value="{code}">
<button>ログイン</button>{extra}</body></html>"""


def _run(page: Page, run: Path, who: str, when: str, code: str, extra: str = "") -> tuple[Path, object]:
    page.set_content(PAGE.format(who=who, when=when, code=code, extra=extra))
    shot = numbered_screenshot(page, run / "shots" / "case-two_step-5.png", [], ShotSettings(run / "shots"))
    return shot, capture(page, shot, "case", "svc", None, None, "2段階認証 ③④⑤", "mock", [])


def _approve_run(run: Path, baselines: Path, shot: Path) -> None:
    results = {"format": "bizd-results/1", "tests": [{"test": "t", "class": "OK"}],
               "screens": [{"key": "case/two_step-5", "test": "t", "shot": str(shot.relative_to(run))}]}
    (run / "results.json").write_text(json.dumps(results), encoding="utf-8")
    assert approve(run, baselines, "2.5").approved == ["case/two_step-5"]


def test_another_code_time_and_account_id_on_the_same_screen_is_as_approved(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 640, "height": 360})
    shot, _ = _run(page, tmp_path / "one", "qa-1@example.jp", "2026/12/01 03:17", "483920")
    _approve_run(tmp_path / "one", tmp_path / "baselines", shot)
    shot, seen = _run(page, tmp_path / "two", "other-account@example.jp", "2026/12/02 18:59", "771204")
    check = Baseline(tmp_path / "baselines", "2.5").check(seen, shot)  # type: ignore[arg-type]
    assert check.status == "as_approved", (check.aria_diff, check.changed_pixels)
    assert format_day(check.approved_on) in check.message
    shot, seen = _run(page, tmp_path / "three", "qa-1@example.jp", "2026/12/01 03:17", "483920",
                      extra='<p style="background:#e8f1fb">新しいログイン画面になりました</p>')
    check = Baseline(tmp_path / "baselines", "2.5").check(seen, shot)  # type: ignore[arg-type]
    assert check.status == "changed" and check.diff_shot and Path(check.diff_shot).is_file()


def test_a_picture_shot_again_as_approved_leaves_no_difference_image(page: Page, tmp_path: Path) -> None:
    """The same file name shot twice in a run (a rerun, another walk of the entry): the first picture
    differed, the second is as approved — no difference image of the first is left beside it."""
    page.set_viewport_size({"width": 640, "height": 360})
    shot, _ = _run(page, tmp_path / "one", "qa-1@example.jp", "2026/12/01 03:17", "483920")
    _approve_run(tmp_path / "one", tmp_path / "baselines", shot)
    baseline = Baseline(tmp_path / "baselines", "2.5")
    shot, seen = _run(page, tmp_path / "two", "qa-1@example.jp", "2026/12/01 03:17", "483920",
                      extra='<p style="background:#e8f1fb">新しいログイン画面になりました</p>')
    first = baseline.check(seen, shot)  # type: ignore[arg-type]
    assert first.status == "changed" and first.diff_shot and Path(first.diff_shot).is_file()
    shot, seen = _run(page, tmp_path / "two", "qa-1@example.jp", "2026/12/01 03:17", "483920")
    again = baseline.check(seen, shot)  # type: ignore[arg-type]
    assert again.status == "as_approved" and again.diff_shot is None
    assert list((tmp_path / "two" / "shots").glob("*.diff.png")) == []
