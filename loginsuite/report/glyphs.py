"""Can this Chromium draw Japanese? Measured, not assumed from an installed package.

Screenshots go into a Japanese manual: drawn without a Japanese font every label is a box. The
check draws each sample character on a canvas with the page's default font and compares its pixels
with those of a code point no font has (U+10FFFD, private use): a character that draws nothing, or
exactly the missing-glyph box, has no glyph. One small canvas in one short-lived browser, once per run
unless this Chromium drew every character before with exactly the fonts fontconfig lists now (a
launch saved: about a second of CPU); any change of browser, fonts or font configuration, and any
finding of boxes, measures again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from loginsuite.i18n import _

# What the screenshots must show: the manual's words and the callouts' circled numbers.
SAMPLE = "ログイン①②手順"
NO_GLYPH = "\U0010fffd"

_MEASURE = """([chars, reference]) => {
  const size = 32, canvas = document.createElement('canvas');
  canvas.width = canvas.height = size * 2;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => {
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.font = `${size}px sans-serif`;
    g.fillStyle = '#000';
    g.textBaseline = 'middle';
    g.fillText(ch, 4, size);
    const alpha = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let bits = '', ink = 0;
    for (let i = 3; i < alpha.length; i += 4) { const on = alpha[i] > 127; bits += on ? '1' : '0'; ink += on; }
    return {bits, ink};
  };
  const box = draw(reference);
  return chars.map((ch) => { const r = draw(ch); return {ch, ink: r.ink, box: r.bits === box.bits}; });
}"""


def missing_glyphs(page: Any, sample: str = SAMPLE) -> list[str]:
    """The characters of ``sample`` this page's Chromium draws as nothing or as the missing-glyph box."""
    measured = page.evaluate(_MEASURE, [list(sample), NO_GLYPH])
    return [m["ch"] for m in measured if m["ink"] == 0 or m["box"]]


def refusal(missing: list[str]) -> str:
    return _("Chromium has no Japanese font: {chars} draw as empty boxes, so the screenshots would not show "
             "the manual's words. Install a Japanese font (Debian: apt-get install fonts-noto-cjk; scripts/setup "
             "does it) and run again.").format(chars="".join(f"「{c}」" for c in missing))


def measure_browser(chromium: str | None = None, remote: str | None = None) -> list[str]:
    """``missing_glyphs`` in a Chromium launched (or reached on a browser server) as the walks' will be;
    raises Playwright's error (or BrowserNotFound) when it cannot start."""
    from playwright.sync_api import sync_playwright

    from loginsuite.browser import launch_options

    with sync_playwright() as playwright:
        browser = (playwright.chromium.connect(remote) if remote
                   else playwright.chromium.launch(**launch_options(chromium)))  # type: ignore[arg-type]
        try:
            return missing_glyphs(browser.new_page())
        finally:
            browser.close()


def _drawn_file(chromium: str | None) -> Path | None:
    """Where "this Chromium with these fonts drew the sample" is remembered; None: not knowable here."""
    from loginsuite.browser import chromium_executable

    fc_list = shutil.which("fc-list")
    try:
        executable = chromium_executable(chromium)
        if fc_list is None or executable is None:
            return None
        fonts = subprocess.run([fc_list, "--format", "%{file} %{family} %{lang}\n"], capture_output=True,
                               timeout=10, check=True).stdout
        stat = executable.stat()
    except (OSError, subprocess.SubprocessError, RuntimeError):
        return None
    key = hashlib.sha256(b"\0".join([
        SAMPLE.encode(), str(executable.resolve()).encode(), f"{stat.st_size} {stat.st_mtime_ns}".encode(),
        *(os.environ.get(name, "").encode() for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH")),
        b"".join(sorted(fonts.splitlines(keepends=True))),
    ])).hexdigest()[:32]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bizd-login-suite"
    return cache / f"glyphs-drawn-{key}"


def browser_missing_glyphs(chromium: str | None = None, remote: str | None = None) -> list[str]:
    """``measure_browser``, where a browser that cannot start is not this check's finding: the walks
    report it with its reason."""
    from playwright.sync_api import Error as PlaywrightError

    from loginsuite.browser import BrowserNotFound

    drawn = None if remote else _drawn_file(chromium)
    if drawn is not None and drawn.is_file():
        return []
    try:
        missing = measure_browser(chromium, remote)
    except (PlaywrightError, BrowserNotFound):
        return []
    if not missing and drawn is not None:
        try:
            drawn.parent.mkdir(parents=True, exist_ok=True)
            drawn.touch()
        except OSError:
            pass
    return missing


def glyphs_main(chromium: str | None = None) -> int:
    """``python -m loginsuite glyphs``: the same measurement on its own (a CI step after set-up), so a
    machine without a Japanese font fails there with the font to install. 0 drawn, 1 boxes, 2 no browser."""
    import sys

    from playwright.sync_api import Error as PlaywrightError

    from loginsuite.browser import BrowserNotFound

    try:
        missing = measure_browser(chromium)
    except (PlaywrightError, BrowserNotFound) as exc:
        print(_("Chromium could not start to measure its Japanese glyphs: {error}").format(
            error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__), file=sys.stderr)
        return 2
    if missing:
        print(refusal(missing), file=sys.stderr)
        return 1
    print(_("Chromium draws Japanese: {sample} measured, every character has a glyph").format(sample=SAMPLE))
    return 0
