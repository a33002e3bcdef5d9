"""Is today's screen the approved one? Its ARIA snapshot structurally, its picture with pixelmatch.

Dynamic parts never count: in the snapshot, codes, dates, times, e-mail addresses, the account ID
and every field's value are replaced by placeholders; in the picture, the regions that showed them
(recorded at capture, on either side) are painted over on both images before they are compared. A
picture of another size is compared on a common canvas (the difference counts) instead of failing.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

# pixelmatch's per-pixel colour distance (0..1; anti-aliased pixels are ignored), and how many
# pixels may differ before a picture counts as changed (scroll-bar or sub-pixel noise stays below).
COLOUR_THRESHOLD = 0.1
CHANGED_PIXELS = 0.002  # of the picture's area
MIN_CHANGED_PIXELS = 60

_NORMALISE: list[tuple[re.Pattern[str], str]] = [
    # A field's value (what was typed: ID, password discs, code) → <value>
    (re.compile(r'^(\s*- (?:textbox|searchbox|combobox|spinbutton)\b[^:\n]*):\s.*$', re.MULTILINE), r"\1: <value>"),
    # Links carry session state in their query (state=, nonce=, a signed redirect).
    (re.compile(r"^(\s*- /url: [^?#\n]*)[?#].*$", re.MULTILINE), r"\1?<query>"),
    (re.compile(r"(?:<account>|[\w.+-]*[●•*]+[\w.+-]*|[\w.+-]+)@[\w-]+(?:\.[\w-]+)+"), "<account>"),
    (re.compile(r"\d{4}[/-]\d{1,2}[/-]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日"), "<date>"),
    (re.compile(r"\d{1,2}:\d{2}(?::\d{2})?"), "<time>"),
    (re.compile(r"(?<![\w.])\d{4,}(?![\w.])"), "<number>"),
]


def normalise_aria(snapshot: str, values: list[str] | None = None) -> str:
    """The snapshot with what changes from run to run (and the given values, e.g. the account ID) as placeholders."""
    for value in sorted(values or [], key=len, reverse=True):
        if len(value) >= 4:  # shorter values would replace ordinary words
            snapshot = snapshot.replace(value, "<account>")
    for pattern, placeholder in _NORMALISE:
        snapshot = pattern.sub(placeholder, snapshot)
    return snapshot.strip() + "\n"


def aria_diff(approved: str, today: str) -> list[str]:
    """Unified diff lines of two normalised snapshots; empty when they agree."""
    if approved == today:
        return []
    return list(difflib.unified_diff(approved.splitlines(), today.splitlines(), "approved", "today", lineterm="", n=1))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @classmethod
    def of(cls, data: dict[str, float]) -> Box:
        return cls(data["x"], data["y"], data["width"], data["height"])

    def rect(self) -> tuple[int, int, int, int]:
        return (int(self.x) - 2, int(self.y) - 2, int(self.x + self.width) + 2, int(self.y + self.height) + 2)


@dataclass
class PictureDiff:
    changed_pixels: int
    total_pixels: int
    approved_size: tuple[int, int]
    today_size: tuple[int, int]
    diff: Image.Image | None = field(default=None, repr=False)

    @property
    def size_changed(self) -> bool:
        return self.approved_size != self.today_size

    @property
    def changed(self) -> bool:
        limit = max(MIN_CHANGED_PIXELS, int(self.total_pixels * CHANGED_PIXELS))
        return self.size_changed or self.changed_pixels > limit

    @property
    def ratio(self) -> float:
        return self.changed_pixels / self.total_pixels if self.total_pixels else 0.0


def _canvas(image: Image.Image, size: tuple[int, int], masks: list[Box]) -> Image.Image:
    """``image`` on a canvas of ``size`` (outside it: magenta, so a size change shows), masks painted grey."""
    canvas = Image.new("RGBA", size, (255, 0, 255, 255))
    canvas.paste(image.convert("RGBA"), (0, 0))
    draw = ImageDraw.Draw(canvas)
    for box in masks:
        draw.rectangle(box.rect(), fill=(128, 128, 128, 255))
    return canvas


def compare_pictures(approved: Path, today: Path, masks: list[Box]) -> PictureDiff:
    """pixelmatch over the region where the two pictures differ at all (the rest is identical bytes)."""
    from pixelmatch.contrib.PIL import pixelmatch

    with Image.open(approved) as a, Image.open(today) as b:
        size = (max(a.width, b.width), max(a.height, b.height))
        left, right = _canvas(a, size, masks), _canvas(b, size, masks)
        approved_size, today_size = a.size, b.size
    total = size[0] * size[1]
    region = ImageChops.difference(left.convert("RGB"), right.convert("RGB")).getbbox()
    if region is None:
        return PictureDiff(0, total, approved_size, today_size)
    diff_part = Image.new("RGBA", (region[2] - region[0], region[3] - region[1]))
    changed = pixelmatch(left.crop(region), right.crop(region), diff_part, threshold=COLOUR_THRESHOLD,
                         includeAA=False)
    # The diff image: today's picture faded, the differing pixels in red.
    diff = Image.blend(right.convert("RGB"), Image.new("RGB", size, (255, 255, 255)), 0.75)
    red = Image.new("RGB", diff_part.size, (230, 0, 18))
    mask = diff_part.convert("RGB").split()[1].point(lambda g: 255 if g < 60 else 0)  # red pixels: low green
    diff.paste(red, region[:2], mask)
    return PictureDiff(changed, total, approved_size, today_size, diff)
