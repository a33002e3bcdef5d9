"""The report's view of the approved screens: per walk, each screen 'as approved on DATE', or
'screen changed since approved, p.N' with the approved picture, today's and the difference side by
side (and what changed in the ARIA snapshot)."""
from __future__ import annotations

from typing import Any

from loginsuite.i18n import _, format_day
from loginsuite.report.markup import data_uri, text

STYLE = """<style>
.bizd-screens { margin: 6px 0; }
.bizd-screens .same { color: #2b5d2b; }
.bizd-screen-changed { border-left: 4px solid #8a6d00; background: #fffbea; padding: 4px 10px; margin: 6px 0; }
.bizd-screen-changed .pictures { display: flex; gap: 8px; align-items: flex-start; }
.bizd-screen-changed figure { margin: 0; flex: 1 1 0; min-width: 0; }
.bizd-screen-changed img { width: 100%; border: 1px solid #ccc; }
.bizd-screen-changed pre { font-size: 11px; background: #f7f7f7; padding: 4px; overflow-x: auto; }
.verdict.STALE { color: #8a6d00; }
</style>"""


def _figure(path: str | None, caption: str) -> str:
    uri = data_uri(path) if path else None
    if uri is None:
        return f"<figure><figcaption>{text(caption)}: {text(_('not available'))}</figcaption></figure>"
    return f'<figure><img src="{uri}" alt="{text(caption)}"><figcaption>{text(caption)}</figcaption></figure>'


def changed_html(row: dict[str, Any]) -> str:
    """One changed screen: the message, three pictures side by side, the snapshot's difference."""
    detail = []
    if row.get("size"):
        detail.append(_("picture size {size}").format(size=row["size"]))
    if row.get("changed_pixels"):
        detail.append(_("{n} pixels differ").format(n=row["changed_pixels"]))
    if row.get("aria_diff"):
        detail.append(_("the ARIA snapshot differs"))
    aria = "\n".join(row.get("aria_diff") or [])
    return (f'<div class="bizd-screen-changed" data-screen="{text(row["key"])}">'
            f'<p><strong>{text(row["caption"])}</strong>: {text(row["message"])}'
            f'{" (" + text(_(", ").join(detail)) + ")" if detail else ""}</p>'
            f'<div class="pictures">{_figure(row.get("approved_shot"), _("approved on {date}").format(date=format_day(row.get("approved_on"))))}'
            f'{_figure(row.get("shot"), _("today"))}{_figure(row.get("diff_shot"), _("difference"))}</div>'
            + (f'<pre class="bizd-data">{text(aria)}</pre>' if aria else "") + "</div>")


def screens_html(rows: list[dict[str, Any]]) -> str:
    """A walk's screens compared with the approved ones; empty when nothing was compared."""
    if not rows:
        return ""
    same = [r for r in rows if r.get("status") != "changed"]
    changed = [r for r in rows if r.get("status") == "changed"]
    items = "".join(f'<li data-screen="{text(r["key"])}" class="{"same" if r.get("status") == "as_approved" else ""}">'
                    f'{text(r["caption"])}: {text(r["message"])}</li>' for r in same)
    return (f'<div class="bizd-section bizd-screens"><h4>{text(_("Screens compared with the approved ones"))}</h4>'
            + "".join(changed_html(r) for r in changed) + (f"<ul>{items}</ul>" if items else "") + "</div>")
