"""Secrets in a screenshot look like what a customer sees in a filled form: discs in the field.

A secret field (password, security code; the account ID too unless the run is on the mock) keeps
its own shape and colours and draws its value as ●●●● (``-webkit-text-security: disc``), so the
picture can go into the manual as it is. A registered secret printed as page text (a live account
ID on the 2段階認証 screen) is replaced by ●●●● while the screenshot is taken and put back after.
An element that cannot draw discs (not a text input) falls back to Playwright's ``mask=``.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Secret inputs a screen object may not know of (a failure can happen on any page).
GENERIC_SECRETS = "input[type=password], input[autocomplete=one-time-code]"
GENERIC_IDS = "input[autocomplete=username]"
DISCS = "●●●●"
SECRET_PURPOSES = frozenset({"password", "security_code", "new_password"})

# Returns the elements that cannot draw discs (their value would show): those are masked instead.
_DISC = """(els) => els.filter(el => {
  el.style.setProperty('-webkit-text-security', 'disc', 'important');
  const discs = getComputedStyle(el).webkitTextSecurity === 'disc' || el.type === 'password';
  return !(discs && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement));
}).length"""

_HIDE_TEXT = """([values, discs]) => {
  const changed = [];
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let text = node.nodeValue;
    for (const v of values) text = text.split(v).join(discs);
    if (text !== node.nodeValue) { changed.push([node, node.nodeValue]); node.nodeValue = text; }
  }
  window.__bizdHidden = changed;
  return changed.length;
}"""
_RESTORE_TEXT = """() => { for (const [node, text] of window.__bizdHidden || []) node.nodeValue = text;
  delete window.__bizdHidden; }"""


def fields(page: Any, screen: Any | None, hide_account_id: bool) -> list[Any]:
    """Locators of the fields to draw as discs: the screen's secret fields, any password/one-time-code
    input, and (not on the mock) the account ID field."""
    controls = list(getattr(getattr(screen, "screen", None), "controls", []))
    purposes = SECRET_PURPOSES | ({"account_id"} if hide_account_id else set())
    found = [screen.locate(c) for c in controls if c.purpose in purposes] if screen is not None else []
    found.append(page.locator(GENERIC_SECRETS))
    if hide_account_id:
        found.append(page.locator(GENERIC_IDS))
    return found


def as_discs(locators: list[Any]) -> list[Any]:
    """Draw every field of ``locators`` as discs; returns those that could not (for ``mask=``)."""
    from playwright.sync_api import Error as PlaywrightError

    fallback = []
    for locator in locators:
        try:
            if locator.evaluate_all(_DISC):
                fallback.append(locator)
        except PlaywrightError:
            fallback.append(locator)
    return fallback


@contextmanager
def hidden_text(page: Any, values: list[str]) -> Iterator[None]:
    """While the block runs, every occurrence of ``values`` in the page's text reads ●●●●."""
    if not values:
        yield
        return
    page.evaluate(_HIDE_TEXT, [values, DISCS])
    try:
        yield
    finally:
        page.evaluate(_RESTORE_TEXT)
