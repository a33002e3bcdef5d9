"""The service's signed-in page. The manual does not document it, so it is checked by what the
manual does promise: the browser is back on the service's own host, no longer at a login screen."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from loginsuite.flows import Entry, Flows
from loginsuite.i18n import _
from loginsuite.labels import pattern
from loginsuite.mismatch import ManualMismatch, Where
from pages.base import shown_labels


class SignedInPage:
    def __init__(self, page: Page, flows: Flows, where: Where, timeout: float = 5000) -> None:
        self.page = page
        self.flows = flows
        self.where = where
        self.timeout = timeout

    def expect_signed_in(self, entry: Entry) -> None:
        service_domain = ".".join(entry.host.split(".")[-2:])  # kintai.jinjer.biz → jinjer.biz
        try:
            expect(self.page).to_have_url(_on_domain(service_domain), timeout=self.timeout)
        except AssertionError:
            raise ManualMismatch(
                self.where,
                expected=_("to be signed in on {host}").format(host=entry.host),
                problem=_("still at {host}").format(host=urlsplit(self.page.url).hostname),
                url=self.page.url,
                nearest=shown_labels(self.page)[:3],
            ) from None
        id_field = self.flows.bizd.screens["id"].purpose("account_id")
        still_at_login = self.page.get_by_label(pattern(id_field.label))
        try:
            expect(still_at_login).to_have_count(0, timeout=self.timeout)
        except AssertionError:
            raise ManualMismatch(
                self.where, expected=_("the service's signed-in page"), problem=_("the ID screen is shown"),
                url=self.page.url,
            ) from None


def _on_domain(domain: str) -> re.Pattern[str]:
    return re.compile(rf"^https?://([^/]*\.)?{re.escape(domain)}(:\d+)?(/|$)")
