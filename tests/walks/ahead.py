"""Credential-free walks a few at a time in one process: each started ahead of its turn.

Why: a credential-free walk waits for the sites (three or four responses) and hardly computes, and
Chromium runs pages in parallel while pytest runs tests one after another. So when a test is set
up, the next walks (up to ``--walks-at-once``) are started in greenlets of their own, calling the
same test function with the same kind of arguments; Playwright's sync API lets every greenlet wait
for its own calls while the others go on. When pytest reaches the test it takes that walk's outcome
(its return, skip or exception, re-raised in the test), so pytest, the report and the nightly
plugin see each walk where and as they always do. A rerun (an unreachable site) walks again the
ordinary way, in a fresh context.

The walks ahead are pages of one context (one per kind of device): contexts of their own cost
Chromium about twice the CPU. What a fresh context gives a credential-free walk is kept: no walk
sees the cookies an earlier walk got from its site (they are cleared when it starts) or shares
them with another at the same time (one walk per host at once).

Only where no walk changes shared state: live (no mock world to reset between tests), without
signing in, without pytest-playwright's traces, videos or screenshots (they belong to its own
context fixture), not in an xdist worker (which does not know its next tests).
"""
from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import greenlet
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

try:  # how the sync API waits in a greenlet of its own (Playwright's internals; without them: one at a time)
    from playwright._impl._greenlets import wait_for_future
except ImportError:  # pragma: no cover
    wait_for_future = None  # type: ignore[assignment]

# The arguments a walk started ahead can be given before pytest sets its test up.
ARGUMENTS = frozenset({"walk", "case", "signer", "suite_settings"})
LOOKAHEAD = 3  # contexts kept open: at most this many times --walks-at-once


@dataclass
class AheadRequest:
    """What a Walk reads of its pytest request: the test item and the run's config."""

    node: pytest.Item

    @property
    def config(self) -> pytest.Config:
        return self.node.config


@dataclass
class _Ahead:
    item: pytest.Item
    host: str
    ready: asyncio.Future[None]  # the page exists
    done: asyncio.Future[None]  # the test function returned or raised
    page: Page | None = None
    walk: Any = None
    error: BaseException | None = None
    taken: bool = False


@dataclass
class WalksAhead:
    """The run's walks started ahead: which, in which context, and their outcomes."""

    browser: Browser
    at_once: int
    items: list[pytest.Item]
    context_args: Callable[[pytest.Item], dict[str, Any]]  # the walk's context (a phone's for スマホ用)
    arguments: Callable[[pytest.Item, Page], dict[str, Any]]  # the test function's arguments
    on_page: Callable[[Page], object] = lambda page: None  # before the walk opens anything (listeners)
    started: dict[str, _Ahead] = field(default_factory=dict)
    contexts: dict[str, asyncio.Future[BrowserContext]] = field(default_factory=dict)
    _position: int = 0

    @property
    def _loop(self) -> asyncio.AbstractEventLoop:
        return self.browser._loop  # type: ignore[attr-defined,no-any-return]

    def _fiber(self) -> greenlet.greenlet:
        return self.browser._dispatcher_fiber  # type: ignore[attr-defined]

    def _wait(self, future: asyncio.Future[Any]) -> None:
        if not future.done():
            assert wait_for_future is not None
            wait_for_future(self._loop, self._fiber(), future)

    # -- which walks ------------------------------------------------------------------------------
    def _running(self) -> list[_Ahead]:
        return [a for a in self.started.values() if not a.done.done()]

    def _open(self) -> int:
        return sum(not a.taken for a in self.started.values())

    def _busy(self, host: str) -> _Ahead | None:
        """The running walk on this host: two walks of one site never share its cookies at once."""
        return next((a for a in self._running() if a.host == host), None)

    def _fill(self) -> None:
        """Start the next walks in test order while fewer than ``at_once`` run (a host's one at a time)."""
        for item in self.items[self._position:]:
            if len(self._running()) >= self.at_once or self._open() >= self.at_once * LOOKAHEAD:
                return
            if item.nodeid not in self.started and self._busy(_host(item)) is None:
                self._start(item)

    def _start(self, item: pytest.Item) -> None:
        ahead = _Ahead(item, _host(item), self._loop.create_future(), self._loop.create_future())
        self.started[item.nodeid] = ahead
        child = greenlet.greenlet(lambda: self._walk(ahead), parent=self._fiber())
        self._loop.call_soon(child.switch)

    def _context(self, item: pytest.Item) -> BrowserContext:
        """One context per kind of device for all walks ahead: separate contexts cost Chromium twice the
        CPU (no shared processes, cache or connections); cookies are cleared per host instead."""
        args = self.context_args(item)
        key = json.dumps(args, sort_keys=True, default=str)
        if key not in self.contexts:
            self.contexts[key] = self._loop.create_future()
            try:
                self.contexts[key].set_result(self.browser.new_context(**args))
            except BaseException as exc:
                self.contexts.pop(key).set_exception(exc)
                raise
        self._wait(self.contexts[key])
        return self.contexts[key].result()

    def _walk(self, ahead: _Ahead) -> None:
        try:
            context = self._context(ahead.item)
            # As a fresh context would: nothing of an earlier walk of this site (no walk of it runs now).
            context.clear_cookies(domain=re.compile(rf"^\.?{re.escape(ahead.host)}$"))
            page = context.new_page()
            self.on_page(page)
            arguments = self.arguments(ahead.item, page)
            ahead.page, ahead.walk = page, arguments.get("walk")
        except BaseException as exc:  # noqa: BLE001 — the test re-raises it in its own setup
            ahead.error = exc
            ahead.ready.set_result(None)
            ahead.done.set_result(None)
            return
        ahead.ready.set_result(None)
        try:
            ahead.item.obj(**arguments)  # type: ignore[attr-defined]
        except greenlet.GreenletExit:
            raise
        except BaseException as exc:  # noqa: BLE001 — a skip, a mismatch, an error: the test's outcome
            ahead.error = exc
        finally:
            ahead.done.set_result(None)
            try:
                self._fill()
            except Exception:  # noqa: BLE001, S110 — the next test starts its own walk at its setup
                pass

    # -- what the test's fixtures and call take ----------------------------------------------------
    def _current(self, item: pytest.Item) -> _Ahead | None:
        ahead = self.started.get(item.nodeid)
        return None if ahead is None or ahead.taken else ahead

    def page(self, item: pytest.Item) -> Page | None:
        """The page this test's walk runs in (started now if it was not yet), or None: not walked ahead."""
        if item.nodeid in self.started and self.started[item.nodeid].taken:
            return None  # a rerun
        if item in self.items:
            self._position = self.items.index(item)
        if item.nodeid not in self.started:
            while (busy := self._busy(_host(item))) is not None:
                self._wait(busy.done)
            self._start(item)
        self._fill()
        ahead = self.started[item.nodeid]
        self._wait(ahead.ready)
        if ahead.error is not None and ahead.page is None:
            raise ahead.error
        return ahead.page

    def walk(self, item: pytest.Item) -> Any:
        ahead = self._current(item)
        return ahead.walk if ahead is not None else None

    def run(self, item: pytest.Item) -> bool:
        """The test's call: wait for its walk and take its outcome; False if it was not walked ahead."""
        ahead = self._current(item)
        if ahead is None or ahead.page is None:
            return False
        self._wait(ahead.done)
        if ahead.error is not None:
            raise ahead.error
        return True

    def close(self, item: pytest.Item) -> None:
        """The test's teardown: its page goes (the walk is over; a rerun walks the ordinary way)."""
        ahead = self.started.get(item.nodeid)
        if ahead is None or ahead.taken:
            return
        ahead.taken = True
        self._wait(ahead.done)
        if ahead.page is not None:
            ahead.page.close()

    def close_all(self) -> None:
        for ahead in list(self.started.values()):
            self.close(ahead.item)
        for context in self.contexts.values():
            if context.done() and context.exception() is None:
                context.result().close()


def _host(item: pytest.Item) -> str:
    return item.callspec.params["case"].entry.host  # type: ignore[attr-defined,no-any-return]


def can_walk_ahead(item: pytest.Item) -> bool:
    """A walk test whose arguments are all known before its setup, with a documented URL to open."""
    names = set(item._fixtureinfo.argnames) if hasattr(item, "_fixtureinfo") else set()
    params = getattr(getattr(item, "callspec", None), "params", {})
    case = params.get("case")
    return "walk" in names and names <= ARGUMENTS and case is not None and case.entry is not None


def walks_ahead_possible(config: pytest.Config, at_once: int) -> bool:
    if at_once <= 1 or wait_for_future is None or hasattr(config, "workerinput"):
        return False
    recorded = [config.getoption(name, default="off") for name in ("--tracing", "--video", "--screenshot")]
    return all(value in (None, "off") for value in recorded)
