"""Synthetic walks for the report's own tests, until the real walks run against the mock.

Real flows, real page objects, pages built with ``set_content`` from the flows screens: cloudsign's
path passes (numbered screenshots, a password typed and masked), NewsPicks' entry button is renamed
(DRIFT with nearest labels), one of jinjer's URLs redirects (passes, proposes a new URL), jsaas stops at the ID screen as
the credential-free nightly does (OK), aidma is
unreachable, まるごとビジネスサポート documents no login; two plain tests, one leaking a secret in
its assertion (masked in every artifact).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

import pytest
from playwright.sync_api import Page

from loginsuite import secrets
from loginsuite.flows import Flows, Screen, Step
from loginsuite.flows.model import Kind
from loginsuite.mismatch import CheckRecord, SiteUnreachable, Where
from loginsuite.plugin import flows
from loginsuite.results import CHECKS, WALK_KEY, WalkRecord
from pages.base import HIDE_TYPED_TEXT, ScreenObject

# From the environment, as a real password is: a literal would sit in the trace's copy of this source.
SECRET = os.environ["SAMPLE_SECRET"]


def html_of(screen: Screen, renamed: dict[str, str] | None = None) -> str:
    renamed = renamed or {}
    parts = [f"<h1>{escape(screen.title)}</h1>"] + [f"<p>{escape(t)}</p>" for t in screen.texts]
    for c in screen.controls:
        label = escape(renamed.get(c.label, c.label))
        if c.kind is Kind.button:
            parts.append(f"<p><button>{label}</button></p>")
        elif c.kind is Kind.link:
            parts.append(f'<p><a href="#">{label}</a></p>')
        elif c.kind is Kind.checkbox:
            parts.append(f'<p><label><input type="checkbox"> {label}</label></p>')
        else:
            kind = "password" if c.purpose == "password" else "text"
            parts.append(f'<p><label>{label} <input type="{kind}"></label></p>')
    return "<html><body style='font: 16px sans-serif; margin: 40px'>" + "".join(parts) + "</body></html>"


class SampleWalk:
    def __init__(self, request: pytest.FixtureRequest, page: Page, manual: Flows, service_id: str,
                 entry_index: int = 0) -> None:
        self.request, self.page, self.manual = request, page, manual
        self.service = manual.service(service_id)
        entry = self.service.entries[entry_index] if self.service.entries else None
        self.record = WalkRecord(self.service.id, self.service.name, entry.id if entry else None,
                                 entry.label if entry else "", self.service.page)
        request.node.stash[WALK_KEY] = self.record

    @contextmanager
    def check(self, name: str) -> Iterator[None]:
        try:
            yield
        except BaseException as exc:
            self.record.record(CheckRecord(name, "failed", str(exc).splitlines()[0]))
            raise
        self.record.checks.setdefault(name, CheckRecord(name, "passed"))

    def screen(self, ref: str, check: str) -> ScreenObject:
        screen = self.manual.screen(self.service, ref)
        return ScreenObject(self.page, screen, Where(self.service.name, screen.page, None, check), 2000,
                            procedure=self.manual.procedure_facts(self.service, ref))

    def shot(self, step: Step, screen: ScreenObject, caption: str) -> None:
        self.request.config.hook.pytest_bizd_step_screenshot(
            item=self.request.node, page=self.page, step=step, screen=screen, caption=caption, record=self.record)

    def walk(self, renamed: dict[str, str] | None = None, stop_at_id: bool = False) -> None:
        entry_ref = self.service.entries[0].screen
        with self.check("url"):
            self.page.set_content(html_of(self.manual.screen(self.service, entry_ref), renamed))
        with self.check("screen"):
            screen = self.screen(entry_ref, "screen")
            screen.expect_shown()
        with self.check("entry"):
            for step in self.service.steps:
                if step.screen.startswith("bizd."):
                    break
                shown = self.screen(step.screen, "entry")
                self.page.set_content(html_of(shown.screen, renamed))
                self.shot(step, shown, f"{self.service.name} {step.display}")
                shown.expect_control(shown.screen.control(step.control))
        bizd = self.manual.bizd
        with self.check("id"):
            id_screen = self.screen("bizd.id", "id")
            self.page.set_content(html_of(id_screen.screen))
            id_screen.enter("ビジネスdアカウントID", "sample@example.jp")
            self.shot(bizd.steps[1], id_screen, "ビジネスdアカウント ①②")
        if stop_at_id:  # the credential-free nightly walk
            for name in CHECKS[CHECKS.index("id") + 1:]:
                self.record.record(CheckRecord(name, "skipped", "--no-sign-in: stops at the ID screen"))
            pytest.skip("--no-sign-in: stops at the ID screen")
        with self.check("two_step"):
            two_step = self.screen("bizd.two_step", "two_step")
            self.page.set_content(html_of(two_step.screen))
            secrets.register(SECRET, "password")
            two_step.enter("パスワード", SECRET, secret=True)
            two_step.locate(two_step.screen.control("セキュリティコード")).fill("123456")
            self.shot(bizd.steps[4], two_step, "2段階認証 ③④⑤")
        self.record.record(CheckRecord("consent", "not_applicable", "not documented for this service"))
        with self.check("signed_in"):
            pass


@pytest.fixture
def manual(pytestconfig: pytest.Config) -> Flows:
    return flows(pytestconfig)


def test_documented_path_passes(request: pytest.FixtureRequest, page: Page, manual: Flows) -> None:
    SampleWalk(request, page, manual, "cloudsign").walk()


def test_renamed_entry_button_drifts(request: pytest.FixtureRequest, page: Page, manual: Flows) -> None:
    SampleWalk(request, page, manual, "newspicks").walk(renamed={"ログイン": "ログイン / 会員登録"})


@pytest.mark.parametrize("entry_index", [0, 1], ids=["redirected", "as-documented"])
def test_jinjer_entries_pass(request: pytest.FixtureRequest, page: Page, manual: Flows, entry_index: int) -> None:
    walk = SampleWalk(request, page, manual, "jinjer", entry_index)
    walk.walk()
    if entry_index == 0:
        walk.record.new_address = "https://jinji.jinjer.biz/sign_in"
        walk.record.checks["url"] = CheckRecord("url", "passed", f"redirects to {walk.record.new_address}")


def test_credential_free_walk_stops_at_the_id_screen(request: pytest.FixtureRequest, page: Page,
                                                    manual: Flows) -> None:
    SampleWalk(request, page, manual, "jsaas").walk(stop_at_id=True)


def test_unreachable_site(request: pytest.FixtureRequest, page: Page, manual: Flows) -> None:
    walk = SampleWalk(request, page, manual, "aidma")
    with walk.check("url"):
        raise SiteUnreachable(Where(walk.service.name, walk.service.entries[0].page, None, "url"),
                              walk.service.entries[0].url, "net::ERR_NAME_NOT_RESOLVED")


def test_no_login_documented(request: pytest.FixtureRequest, manual: Flows) -> None:
    service = manual.service("marugoto-support")
    record = WalkRecord(service.id, service.name, None, "", service.page)
    request.node.stash[WALK_KEY] = record
    for name in CHECKS:
        record.record(CheckRecord(name, "not_applicable", service.no_login_reason or ""))
    pytest.skip(f"not applicable: {service.name} — {service.no_login_reason}")


def test_plain_check_leaking_a_secret() -> None:
    secrets.register(SECRET, "password")
    typed = SECRET
    assert typed == "the expected value", f"typed {typed}"


def test_plain_check_passes() -> None:
    assert HIDE_TYPED_TEXT
