"""Fresh numbered screenshots, drawn as the manual's slides draw them.

Before a documented step the walk asks for a screenshot: the step's control is outlined in red and
labelled with its circled number (a temporary absolutely-positioned overlay injected into the page,
removed right after), secret fields are covered by Playwright's ``mask=``. A failure gets one too,
with a banner naming the step that disagreed. Taken only when a run folder is configured, so the
project's own tests stay fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loginsuite.flows.model import CIRCLED

OVERLAY_ID = "bizd-step-overlay"
# Secret inputs a screen object may not know of (a failure can happen on any page).
GENERIC_SECRETS = "input[type=password], input[autocomplete=one-time-code]"

# Page coordinates = viewport box + scroll: the overlay is absolutely positioned in the document, so
# it stays on its control however the page scrolls while the screenshot is taken. Digits, not ①:
# a circled glyph needs a CJK font that CI machines often lack, and a red disc with "2" reads as ②.
_DRAW = """({id, boxes, banner}) => {
  const root = document.createElement('div');
  root.id = id;
  root.setAttribute('aria-hidden', 'true');
  root.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;'
    + 'z-index:2147483647;pointer-events:none;';
  const red = '#e60012';
  for (const b of boxes) {
    const x = b.x + window.scrollX, y = b.y + window.scrollY;
    const frame = document.createElement('div');
    frame.style.cssText = `position:absolute;left:${x - 4}px;top:${y - 4}px;width:${b.width + 8}px;`
      + `height:${b.height + 8}px;border:3px solid ${red};border-radius:6px;box-sizing:border-box;`;
    root.appendChild(frame);
    if (b.label) {
      const badge = document.createElement('div');
      badge.textContent = b.label;
      badge.style.cssText = `position:absolute;left:${Math.max(0, x - 18)}px;top:${Math.max(0, y - 18)}px;`
        + `min-width:28px;height:28px;padding:0 5px;box-sizing:border-box;border-radius:14px;background:${red};color:#fff;`
        + 'font:bold 18px/28px Arial,sans-serif;text-align:center;box-shadow:0 0 0 2px #fff;';
      root.appendChild(badge);
    }
  }
  if (banner) {
    // Bottom left of the viewport, where slides put their call-outs least often.
    const note = document.createElement('div');
    note.textContent = banner;
    note.style.cssText = `position:absolute;left:${window.scrollX + 8}px;top:${window.scrollY + window.innerHeight - 8}px;`
      + `transform:translateY(-100%);width:max-content;max-width:${Math.round(window.innerWidth * 0.7)}px;`
      + `padding:6px 10px;background:${red};color:#fff;font:bold 14px/1.4 Arial,sans-serif;`
      + 'border-radius:4px;white-space:pre-wrap;opacity:0.92;';
    root.appendChild(note);
  }
  document.documentElement.appendChild(root);
}"""
_REMOVE = "(id) => document.getElementById(id)?.remove()"


@dataclass(frozen=True)
class ShotSettings:
    """Where screenshots go (None: off) and how long to wait for a control to show."""

    folder: Path | None
    timeout: float = 3000


def badge(number: str | None) -> str:
    """The digit drawn in the red disc for a step's circled number (② → "2", "② (after ①)" → "2");
    empty for unnumbered steps."""
    circled = next((c for c in number or "" if c in CIRCLED), None)
    return str(CIRCLED.index(circled) + 1) if circled else ""


def _safe(value: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in value).strip("-") or "x"


def shot_path(folder: Path, case: str, step: Any, taken: list[str]) -> Path:
    """``shots/<entry>-<screen>-<n>.png``: named by entry and step (the screen tells the shared
    Business d Account steps, numbered ① on like the service's own, apart). ``taken``: this walk's
    shots so far; a second shot of the same step gets a suffix instead of replacing the first."""
    if step is None:
        base = f"{case}-screen"
    else:
        base = f"{case}-{step.screen}-{badge(step.number) or 'step'}"
    path = folder / f"{_safe(base)}.png"
    n = 2
    while str(path) in taken:
        path = folder / f"{_safe(base)}-{n}.png"
        n += 1
    return path


def numbered_screenshot(page: Any, path: Path, marks: list[tuple[Any, str]], mask: list[Any],
                        banner: str | None = None, timeout: float = 3000) -> Path:
    """Outline each (locator, badge) that is visible, screenshot with ``mask``, remove the overlay."""
    from playwright.sync_api import Error as PlaywrightError

    boxes = []
    for index, (locator, label) in enumerate(marks):
        try:
            # Wait for the step's own control; the others are on screen already or not at all.
            locator.wait_for(state="visible", timeout=timeout if index == 0 else 300)
            locator.scroll_into_view_if_needed(timeout=timeout)
            box = locator.bounding_box(timeout=timeout)
        except PlaywrightError:
            continue
        if box:
            boxes.append({**box, "label": label})
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate(_DRAW, {"id": OVERLAY_ID, "boxes": boxes, "banner": banner})
    try:
        page.screenshot(path=str(path), mask=mask, animations="disabled", caret="hide", scale="css", timeout=10_000)
    finally:
        page.evaluate(_REMOVE, OVERLAY_ID)
    return path


def step_marks(screen: Any, step: Any, caption: str) -> list[tuple[Any, str]]:
    """The step's control first, then the screen's other numbered controls the caption names (①②)."""
    marks: list[tuple[Any, str]] = []
    controls = list(getattr(screen.screen, "controls", []))
    own = next((c for c in controls if step is not None and c.label == step.control), None)
    if own is not None:
        marks.append((screen.locate(own), badge(step.number or own.number)))
    for control in controls:
        if control is not own and control.number and control.number in caption:
            marks.append((screen.locate(control), badge(control.number)))
    return marks


def secret_mask(page: Any, screen: Any | None) -> list[Any]:
    fields = list(screen.secret_fields()) if screen is not None else []
    return [*fields, page.locator(GENERIC_SECRETS)]


def take_step_shot(settings: ShotSettings, page: Any, step: Any, screen: Any, caption: str,
                   case: str, taken: list[str]) -> Path:
    assert settings.folder is not None
    path = shot_path(settings.folder, case, step, taken)
    return numbered_screenshot(page, path, step_marks(screen, step, caption), secret_mask(page, screen),
                               timeout=settings.timeout)


def nearest_marks(page: Any, nearest: list[str], step: str | None) -> list[tuple[Any, str]]:
    """Outline what the page shows in place of the documented control, badged "①?" style."""
    if not nearest:
        return []
    name = nearest[0]
    found = (page.get_by_role("button", name=name, exact=True)
             .or_(page.get_by_role("link", name=name, exact=True))
             .or_(page.get_by_text(name, exact=True)))
    return [(found.first, f"{badge(step)}?" if badge(step) else "?")]


def take_failure_shot(settings: ShotSettings, page: Any, case: str, banner: str,
                      screen: Any | None = None, marks: list[tuple[Any, str]] | None = None) -> Path:
    assert settings.folder is not None
    path = settings.folder / f"{_safe(case)}-failure.png"
    return numbered_screenshot(page, path, marks or [], secret_mask(page, screen), banner=banner, timeout=1000)
