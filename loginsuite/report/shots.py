"""Fresh numbered screenshots, drawn as the manual's slides draw them.

Before a documented step the walk asks for a screenshot: the step's control is outlined in red with
the manual's number beside it (``callouts``), secret fields show discs as a filled form does
(``masking``). A failure gets one too, with a banner naming the step that disagreed. Taken only
when a run folder is configured, so the project's own tests stay fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loginsuite import secrets
from loginsuite.flows.model import CIRCLED
from loginsuite.report import callouts, masking
from loginsuite.report.callouts import badge, step_badge

__all__ = ["ShotSettings", "badge", "numbered_screenshot", "shot_path", "step_marks", "take_failure_shot",
           "take_step_shot"]


@dataclass(frozen=True)
class ShotSettings:
    """Where screenshots go (None: off), how long to wait for a control to show, whether the
    account ID is a secret in the pictures (every run but the mock's), and whether every step is
    pictured (else only failures and the screens compared with approved ones)."""

    folder: Path | None
    timeout: float = 3000
    hide_account_id: bool = False
    target: str = "mock"
    every_step: bool = True


def _ordinal(number: str | None) -> str:
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
        base = f"{case}-{step.screen}-{_ordinal(step.number) or 'step'}"
    path = folder / f"{_safe(base)}.png"
    n = 2
    while str(path) in taken:
        path = folder / f"{_safe(base)}-{n}.png"
        n += 1
    return path


def hidden_values(settings: ShotSettings) -> list[str]:
    """Values the pictures never show as text (the account ID, off the mock)."""
    if not settings.hide_account_id:
        return []
    return [value for value, kind in secrets.registered().items() if kind == "account_id"]


def numbered_screenshot(page: Any, path: Path, marks: list[tuple[Any, str]], settings: ShotSettings,
                        screen: Any | None = None, banner: str | None = None, timeout: float = 3000) -> Path:
    """Outline each (locator, badge) that is visible, draw secrets as discs, screenshot, remove the overlay."""
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
    undrawable = masking.as_discs(masking.fields(page, screen, settings.hide_account_id))
    with masking.hidden_text(page, hidden_values(settings)):
        callouts.draw(page, boxes, banner)
        try:
            page.screenshot(path=str(path), mask=undrawable, animations="disabled", caret="hide", scale="css",
                            timeout=10_000)
        finally:
            callouts.remove(page)
    return path


def step_marks(screen: Any, step: Any, caption: str) -> list[tuple[Any, str]]:
    """The step's control first, then the screen's other numbered controls the caption names (①②)."""
    marks: list[tuple[Any, str]] = []
    controls = list(getattr(screen.screen, "controls", []))
    own = next((c for c in controls if step is not None and c.label == step.control), None)
    if own is not None:
        marks.append((screen.locate(own), step_badge(step) or badge(own.number)))
    for control in controls:
        if control is not own and control.number and control.number in caption:
            marks.append((screen.locate(control), badge(control.number)))
    return marks


def take_step_shot(settings: ShotSettings, page: Any, step: Any, screen: Any, caption: str,
                   case: str, taken: list[str]) -> Path:
    assert settings.folder is not None
    path = shot_path(settings.folder, case, step, taken)
    return numbered_screenshot(page, path, step_marks(screen, step, caption), settings, screen,
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
    return numbered_screenshot(page, path, marks or [], settings, screen, banner=banner, timeout=1000)
