"""Fixtures of the screenshot tests: font configurations that take Japanese away from Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

# A Latin-only font, as on a fresh machine without fonts-noto-cjk (Chromium's own dependencies).
LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def fontconfig(folder: Path, fonts: list[Path]) -> Path:
    """A FONTCONFIG_FILE whose only font folder holds ``fonts``."""
    (folder / "fonts").mkdir(parents=True)
    for font in fonts:
        (folder / "fonts" / font.name).symlink_to(font)
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    f'<dir>{folder / "fonts"}</dir><cachedir>{folder / "cache"}</cachedir></fontconfig>\n')
    return conf


@pytest.fixture
def no_fonts(tmp_path: Path) -> Path:
    return fontconfig(tmp_path / "none", [])


@pytest.fixture
def latin_only_fonts(tmp_path: Path) -> Path:
    found = [Path(p) for p in LATIN_FONTS if Path(p).is_file()]
    if not found:
        pytest.skip("no Latin font file to build a Latin-only font configuration from")
    return fontconfig(tmp_path / "latin", found[:1])

