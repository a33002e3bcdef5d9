"""Reading screenshots in tests: pixels as tuples."""
from __future__ import annotations

from PIL import Image


def pixels(image: Image.Image) -> list[tuple[int, ...]]:
    """An RGB image's pixels as (r, g, b) tuples."""
    data = image.convert("RGB").tobytes()
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]
