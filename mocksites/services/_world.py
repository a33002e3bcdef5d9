"""The few things the services need from the core's world, in one place.

The world (mocksites/world.py) is written by the core; these adapters keep the services' use of it
to a handful of calls: scenarios, the clock, mail and per-service state that resets with the world.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def active(world: Any, scenario: str) -> bool:
    check = getattr(world, "active", None)
    return bool(check(scenario)) if check else False


def now(world: Any) -> datetime:
    clock = getattr(world, "clock", None)
    if clock is None:
        return datetime.now()
    return clock.now() if callable(getattr(clock, "now", None)) else clock()


def service_state(world: Any, key: str, factory: Callable[[], T]) -> T:
    """State of one service kept on the world, so it goes when the world is reset."""
    store = world.__dict__.setdefault("_service_state", {})
    if key not in store:
        store[key] = factory()
    return store[key]  # type: ignore[no-any-return]


def address_of(world: Any, account_id: str) -> str:
    account = world.account(account_id)
    return str(getattr(account, "email", account_id))


def send_mail(world: Any, sender: str, to: str, subject: str, text: str, html: str | None) -> None:
    world.send_mail(sender=sender, to=to, subject=subject, text=text, html=html)
