"""The manual's call-outs on a live page: a red frame round the step's control and, beside it, a red
disc with the manual's own number in white (①②③, or 手順2 where the manual numbers with digits).

Drawn as a temporary absolutely-positioned overlay (removed right after the screenshot). The badge
goes beside the control, never over it: left of the frame, else right, above, below, whichever
lies inside the page and clear of every outlined control, so the control's label stays readable.
"""
from __future__ import annotations

import re
from typing import Any

from loginsuite.flows.model import CIRCLED

OVERLAY_ID = "bizd-step-overlay"
RED = "#e60012"
_STEP_IN_TEXT = re.compile(r"手順\s*([0-9０-９]+)")

# Page coordinates = viewport box + scroll: the overlay is positioned in the document, so it stays
# on its control however the page scrolls while the screenshot is taken.
_DRAW = """({id, boxes, banner, red}) => {
  const root = document.createElement('div');
  root.id = id;
  root.setAttribute('aria-hidden', 'true');
  root.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;'
    + 'z-index:2147483647;pointer-events:none;';
  document.documentElement.appendChild(root);
  const pageWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  const frames = boxes.map(b => ({x: b.x + window.scrollX - 4, y: b.y + window.scrollY - 4,
                                  w: b.width + 8, h: b.height + 8}));
  const clear = (r) => r.x >= 0 && r.y >= 0 && r.x + r.w <= pageWidth
    && frames.every(f => r.x + r.w <= f.x || f.x + f.w <= r.x || r.y + r.h <= f.y || f.y + f.h <= r.y);
  const placed = [];
  boxes.forEach((b, i) => {
    const f = frames[i];
    const frame = document.createElement('div');
    frame.dataset.bizdFrame = '';
    frame.style.cssText = `position:absolute;left:${f.x}px;top:${f.y}px;width:${f.w}px;height:${f.h}px;`
      + `border:3px solid ${red};border-radius:6px;box-sizing:border-box;`;
    root.appendChild(frame);
    if (!b.label) return;
    const badge = document.createElement('div');
    badge.dataset.bizdBadge = b.label;
    badge.textContent = b.label;
    const circled = [...b.label].length === 1;
    badge.style.cssText = `position:absolute;left:0;top:0;height:30px;min-width:30px;box-sizing:border-box;`
      + `padding:0 ${circled ? 0 : 8}px;border-radius:15px;background:${red};color:#fff;`
      + `font:bold ${circled ? 24 : 16}px/30px "Noto Sans CJK JP","Noto Sans JP",sans-serif;`
      + 'text-align:center;white-space:nowrap;box-shadow:0 0 0 2px #fff;';
    root.appendChild(badge);
    const w = badge.offsetWidth, h = badge.offsetHeight, gap = 6, mid = f.y + (f.h - h) / 2;
    const options = [
      {x: f.x - gap - w, y: mid}, {x: f.x + f.w + gap, y: mid},
      {x: f.x, y: f.y - gap - h}, {x: f.x, y: f.y + f.h + gap},
    ].map(o => ({...o, w, h}));
    const free = (r) => clear(r) && placed.every(p => r.x + r.w <= p.x || p.x + p.w <= r.x
                                                   || r.y + r.h <= p.y || p.y + p.h <= r.y);
    const at = options.find(free) || options.find(clear) || options[3];
    placed.push(at);
    badge.style.left = `${Math.max(0, at.x)}px`;
    badge.style.top = `${Math.max(0, at.y)}px`;
  });
  if (banner) {
    // Bottom left of the viewport, where slides put their call-outs least often.
    const note = document.createElement('div');
    note.textContent = banner;
    note.style.cssText = `position:absolute;left:${window.scrollX + 8}px;top:${window.scrollY + window.innerHeight - 8}px;`
      + `transform:translateY(-100%);width:max-content;max-width:${Math.round(window.innerWidth * 0.7)}px;`
      + `padding:6px 10px;background:${red};color:#fff;font:bold 14px/1.4 sans-serif;`
      + 'border-radius:4px;white-space:pre-wrap;opacity:0.92;';
    root.appendChild(note);
  }
}"""
_REMOVE = "(id) => document.getElementById(id)?.remove()"


def badge(number: str | None, note: str | None = None) -> str:
    """The manual's own number for a call-out: the circled number it prints (② (after ①) → ②), else
    the numbered sentence of p.6 a note cites (「p.6 手順2」 → 手順2); empty for neither."""
    circled = next((c for c in number or "" if c in CIRCLED), None)
    if circled:
        return circled
    for text in (number, note):
        found = _STEP_IN_TEXT.search(text or "")
        if found:
            return f"手順{int(found.group(1))}"
    return ""


def step_badge(step: Any) -> str:
    return badge(getattr(step, "number", None), getattr(step, "note", None)) if step is not None else ""


def draw(page: Any, boxes: list[dict[str, Any]], banner: str | None = None) -> None:
    """Outline each box (viewport coordinates, with its ``label``) and add the banner."""
    page.evaluate(_DRAW, {"id": OVERLAY_ID, "boxes": boxes, "banner": banner, "red": RED})


def remove(page: Any) -> None:
    page.evaluate(_REMOVE, OVERLAY_ID)
