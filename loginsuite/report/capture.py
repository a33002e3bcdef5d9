"""What a screen is, beyond its picture: its ARIA snapshot and where it shows things that change
from run to run (fields, codes, dates, addresses), captured right after its screenshot so the
baseline comparison can ignore exactly those regions."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from loginsuite import secrets
from loginsuite.baseline import Capture, screen_key
from loginsuite.screencompare import normalise_aria

# Viewport boxes (the screenshot's coordinates) of every field and of every element whose own text
# holds a date, a time, a long number or an e-mail address.
_DYNAMIC = r"""() => {
  const pattern = /\d{4}[\/年-]\d{1,2}|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}|\d{4,}|@/;
  const boxes = [], seen = new Set();
  const add = (el) => {
    if (!el || seen.has(el)) return;
    seen.add(el);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) boxes.push({x: r.x, y: r.y, width: r.width, height: r.height});
  };
  document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea').forEach(add);
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (pattern.test(node.nodeValue || '')) add(node.parentElement);
  }
  return boxes;
}"""


def capture(page: Any, shot: Path, case: str, service_id: str, step: Any, screen: Any, caption: str,
            target: str, hidden: list[str]) -> Capture:
    """The screen's capture, written beside ``shot``; ``hidden``: values never to keep (the account ID)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        snapshot = page.locator("body").aria_snapshot(timeout=5000)
    except PlaywrightError:
        snapshot = ""
    try:
        dynamic = page.evaluate(_DYNAMIC)
    except PlaywrightError:
        dynamic = []
    seen = Capture(
        key=screen_key(case, shot), case=case, service_id=service_id,
        screen=getattr(step, "screen", None) or "screen",
        page=getattr(getattr(screen, "screen", None), "page", None),
        caption=secrets.mask(caption), target=target,
        aria=secrets.mask(normalise_aria(snapshot, hidden)), dynamic=dynamic,
    )
    seen.write(shot)
    return seen
