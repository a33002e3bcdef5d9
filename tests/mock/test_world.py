"""The world's own rules: clock, codes, accounts and reset, without HTTP."""
from __future__ import annotations

from datetime import timedelta

import pytest

from mocksites.accounts import DEMO_ACCOUNT_ID, REQUIRED_FIELDS
from mocksites.clock import Clock
from mocksites.world import World


def test_clock_moves_forward_only_and_resets() -> None:
    clock = Clock()
    before = clock.now()
    assert clock.advance(minutes=11) - before >= timedelta(minutes=11)
    with pytest.raises(ValueError):
        clock.advance(minutes=-1)
    clock.reset()
    assert clock.offset == timedelta(0)


def test_code_states_newest_first() -> None:
    world = World()
    first = world.issue_code(DEMO_ACCOUNT_ID)
    second = world.issue_code(DEMO_ACCOUNT_ID)
    assert len(second.code) == 6 and second.code.isdigit()
    if first.code != second.code:
        assert world.check_code(DEMO_ACCOUNT_ID, first.code) == "voided"
    assert world.check_code(DEMO_ACCOUNT_ID, second.code) == "ok"
    world.use_code(DEMO_ACCOUNT_ID, second.code)
    assert world.check_code(DEMO_ACCOUNT_ID, second.code) == "reused"
    third = world.issue_code(DEMO_ACCOUNT_ID)
    world.clock.advance(minutes=10, seconds=1)
    assert world.check_code(DEMO_ACCOUNT_ID, third.code) == "expired"
    assert world.check_code("second@example.jp", third.code) == "wrong"


def test_reset_restores_accounts_clock_and_service_state_but_keeps_clients() -> None:
    world = World()
    world.register_client("c", "サービス", "事業者", "svc.example")
    world.add_account("x@example.jp", business_email="x@example.jp")
    world.account(DEMO_ACCOUNT_ID).locked = True  # type: ignore[union-attr]
    world.service_state("svc", dict)["k"] = 1
    world.clock.advance(hours=1)
    world.reset()
    assert world.account("x@example.jp") is None and not world.demo_account().locked
    assert world.service_state("svc", dict) == {} and world.clock.offset == timedelta(0)
    assert world.client("c") is not None


def test_demo_data_the_suite_uses() -> None:
    world = World()
    assert world.demo_account().id == DEMO_ACCOUNT_ID and world.demo_account().password
    assert world.demo_company_code()
    assert world.account("incomplete@example.jp").missing_fields  # type: ignore[union-attr]
    assert len(REQUIRED_FIELDS) == 9
