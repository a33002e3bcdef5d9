"""Small HTML helpers and the report's own style, shared by the sections the plugin adds.

Everything is inline (style block, data: URIs) so the report stays one self-contained file.
"""
from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from loginsuite import secrets
from loginsuite.i18n import N_

STATUS_SYMBOLS = {"passed": "✓ ", "stale": "△ ", "failed": "✗ ", "skipped": "– ", "not_applicable": ""}
# msgids: the cells say them in the reader's language (loginsuite.i18n)
STATUS_WORDS = {"passed": N_("pass"), "stale": N_("stale"), "failed": N_("fail"), "skipped": N_("skip"),
                "not_applicable": N_("n/a")}

STYLE = """
<style>
.bizd-section { margin: 12px 0 18px; font-size: 13px; }
.bizd-section h2 { margin: 8px 0; }
.bizd-run th { text-align: left; padding-right: 12px; font-weight: normal; color: #555; }
table.bizd-matrix { border-collapse: collapse; }
table.bizd-matrix th, table.bizd-matrix td { border: 1px solid #ccc; padding: 3px 6px; }
table.bizd-matrix thead th { background: #f0f0f0; font-size: 12px; }
table.bizd-matrix th.bizd-service { text-align: left; background: #fafafa; }
table.bizd-matrix td.cell { text-align: center; min-width: 58px; }
table.bizd-matrix td.cell a { color: inherit; text-decoration: none; display: block; }
td.cell.passed { background: #dff0d8; color: #2b5d2b; }
td.cell.stale { background: #fcf3cf; color: #7a5c00; }
td.verdict.STALE { background: #fcf3cf; color: #7a5c00; }
td.cell.failed { background: #f2dede; color: #a12a2a; font-weight: bold; }
td.cell.skipped { background: #f7f7f7; color: #777; }
td.cell.not_applicable { background: #eceff3; color: #667; }
.verdict { font-weight: bold; }
.verdict.DRIFT, .verdict.ERROR { color: #a12a2a; }
.verdict.UNREACHABLE { color: #b26b00; }
.verdict.OK { color: #2b5d2b; }
.bizd-failure { border-left: 4px solid #a12a2a; padding: 4px 10px; margin: 6px 0; background: #fff7f7; }
.bizd-failure dt { font-weight: bold; margin-top: 4px; }
.bizd-failure dd { margin-left: 16px; }
.bizd-revision { border: 1px solid #ddd; padding: 6px 10px; margin: 8px 0; }
.bizd-revision img, .bizd-failure img { max-width: 640px; border: 1px solid #ccc; display: block; margin: 4px 0; }
.bizd-compare li { margin: 2px 0; }
img.bizd-thumb { height: 54px; border: 1px solid #ccc; margin: 1px; cursor: zoom-in; }
.bizd-revision img, .media-container__viewport img { cursor: zoom-in; }
td.bizd-shots { white-space: nowrap; max-width: 420px; overflow-x: auto; }
td.bizd-finding { font-size: 12px; max-width: 360px; }
small.bizd-url { color: #555; word-break: break-all; }
.bizd-verdict { font-size: 20px; font-weight: bold; margin: 6px 0; }
.bizd-interrupted { background: #fff3cd; border: 1px solid #d9a400; padding: 6px 10px; font-weight: bold; }
#bizd-lightbox { padding: 0; border: 0; max-width: 98vw; max-height: 98vh; overflow: auto; background: #fff; }
#bizd-lightbox::backdrop { background: rgba(0, 0, 0, .75); }
#bizd-lightbox img { display: block; max-width: none; cursor: zoom-out; }
#bizd-lightbox p { margin: 4px 8px; font-size: 13px; }
details#bizd-technical > summary { font-size: 16px; font-weight: bold; cursor: pointer; margin: 12px 0; }
.bizd-compare .new { color: #a12a2a; } .bizd-compare .fixed { color: #2b5d2b; }
</style>
"""


def text(value: object) -> str:
    """Escaped, with every registered secret masked: all text the report shows passes here."""
    return escape(secrets.mask(str(value)))


def data(value: object) -> str:
    """Data, not the report's words (a URL, a test id, a file name, a program's own message): shown as
    it is in every language, marked so (``bizd-data``) for the reader's eye and for the language test."""
    return f'<span class="bizd-data">{text(value)}</span>'


def data_uri(path: str | Path, mime: str = "image/png") -> str | None:
    """The file inlined as a data: URI (the report must open offline), or None when it is missing."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def base64_file(path: str | Path) -> str | None:
    """The file's bytes as base64 text, which pytest-html's image extras expect."""
    try:
        return base64.b64encode(Path(path).read_bytes()).decode()
    except OSError:
        return None


def slug(value: str) -> str:
    """A file- and anchor-safe form of an id (nodeids, entry ids)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-") or "x"


def anchor(nodeid: str) -> str:
    """The id of a test's detail row, which the matrix and the revisions link to."""
    return "walk-" + slug(nodeid)


# Every picture opens full size in one dialog (no file beside the report to link to: the picture is
# inside the page); the document comes first and pytest-html's own parts go into 'technical details'.
SCRIPT = """
<dialog id="bizd-lightbox"><img alt=""><p></p></dialog>
<script>
(() => {
  const zoomable = 'img.bizd-thumb, .bizd-revision img, .bizd-failure img, .media-container__viewport img';
  document.addEventListener('click', (event) => {
    const box = document.getElementById('bizd-lightbox');
    const img = event.target.closest ? event.target.closest(zoomable) : null;
    if (box.open && box.contains(event.target)) { box.close(); return; }
    if (!img || !img.getAttribute('src')) return;
    event.preventDefault();
    box.querySelector('img').src = img.src;
    box.querySelector('p').textContent = img.alt || img.title || '';
    box.showModal();
  });
  const openTarget = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    const details = target && target.closest('details');
    if (details) { details.open = true; target.scrollIntoView(); }
  };
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('DOMContentLoaded', () => {
    const doc = document.getElementById('bizd-document');
    const body = document.getElementById('bizd-technical-body');
    const box = document.getElementById('bizd-lightbox');
    if (box) document.body.appendChild(box);  // out of the folded parts, or it would never show
    const title = document.getElementById('title');
    const generated = title && title.nextElementSibling;
    if (doc && title) title.after(doc);
    if (body) {
      for (const part of [generated, document.getElementById('environment-header'), document.getElementById('environment'),
                          document.querySelector('body > .summary'), document.getElementById('results-table')]) {
        if (part && part !== doc && !part.contains(doc)) body.appendChild(part);
      }
    }
    openTarget();
  });
})();
</script>
"""


def thumb(path: str | None, caption: str) -> str:
    """A small picture that opens full size."""
    uri = data_uri(path) if path else None
    if uri is None:
        return ""
    return f'<img class="bizd-thumb" src="{uri}" alt="{text(caption)}" title="{text(caption)}">'


def image(path: str | None, caption: str) -> str:
    uri = data_uri(path) if path else None
    if uri is None:
        return ""
    return f'<figure><img src="{uri}" alt="{text(caption)}"><figcaption>{text(caption)}</figcaption></figure>'
