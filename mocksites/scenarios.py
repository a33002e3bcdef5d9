"""Named ways the mock can disagree with the manual (drift) or misbehave (faults).

A *drift* scenario changes a documented word or step, so the suite must report a DRIFT naming the
service, manual page, step and expected label (``expect``). A *fault* is a network failure that is
not a change of the manual (the suite should report UNREACHABLE, not DRIFT). A *cosmetic* one changes
a screen's look but none of its documented words (the walk passes; compared with the approved screens
the suite reports STALE). A *lock* one makes the identity provider answer that the account is locked
(the suite must stop the whole run at once, before any further attempt).
The service pages add their own scenarios in ``mocksites.services.drift.SERVICE_SCENARIOS``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Literal

IDP_HOST = "id-biz.smt.docomo.ne.jp"
Kind = Literal["drift", "fault", "cosmetic", "lock"]


@dataclass(frozen=True)
class Scenario:
    """One switchable deviation; ``expect`` says what the suite should report when it is on."""

    name: str
    description: str
    expect: str
    kind: Kind = "drift"
    hosts: tuple[str, ...] = field(default_factory=tuple)


COMMON = "ビジネスdアカウント（共通画面）"
SITE = "ビジネスdアカウントサイト"

IDP_SCENARIOS: list[Scenario] = [
    Scenario("idp-next-renamed", "ID screen: the 次へ button reads 続ける.",
             f"DRIFT — {COMMON}, p.6, step ② (次へ): expected button 「次へ」, found 「続ける」", hosts=(IDP_HOST,)),
    Scenario("idp-keep-signed-in-removed", "ID screen: the ログインしたままにする checkbox is gone.",
             f"DRIFT — {COMMON}, p.6, ID screen: expected checkbox 「ログインしたままにする」", hosts=(IDP_HOST,)),
    Scenario("two-step-login-renamed", "2段階認証 screen: the ログイン button reads 認証する.",
             f"DRIFT — {COMMON}, p.6, step ⑤ (ログイン): expected button 「ログイン」, found 「認証する」",
             hosts=(IDP_HOST,)),
    Scenario("consent-removed", "The first sign-in to a service skips サービス連携の同意.",
             f"DRIFT — {COMMON}, サービス連携の同意 (p.25; the 初回のみ step of the services that show it):"
             " expected the consent screen 「サービス連携の同意」 on the first sign-in", hosts=(IDP_HOST,)),
    Scenario("consent-agree-renamed", "Consent screen: 同意する reads 許可する.",
             f"DRIFT — {COMMON}, サービス連携の同意 (p.25), step ②「同意する」: expected button 「同意する」,"
             " found 「許可する」", hosts=(IDP_HOST,)),
    Scenario("error-message-changed", "Documented error ① has a different text.",
             f"DRIFT — {COMMON}, Appendix エラー発生時の対応 (last page), error ①: expected"
             " 「ログインに失敗しました。お客様のビジネスdアカウントではログインできません。」", hosts=(IDP_HOST,)),
    Scenario("idp-about-link-removed", "ID screen: the 「ビジネスdアカウントとは？」 link is gone; ID field and 次へ unchanged.",
             f"STALE — {COMMON}, p.6, ID screen: link 「ビジネスdアカウントとは？」 not shown; one finding for every "
             "service walked, each walked to the end", kind="cosmetic", hosts=(IDP_HOST,)),
    Scenario("code-mail-missing", "次へ shows the 2段階認証 screen but no security code mail is ever sent.",
             f"DRIFT — {COMMON}, p.6, step 4 (セキュリティコードが自動送信) / ④ セキュリティコード: expected a"
             " security code mail (times out waiting for it)", hosts=(IDP_HOST,)),
    Scenario("account-menu-renamed", "Account site top: ビジネスdアカウントメニュー reads マイメニュー.",
             f"DRIFT — {SITE}, Appendix ログインがうまくいかない場合, step ② : expected 「ビジネスdアカウントメニュー」",
             hosts=(IDP_HOST,)),
    Scenario("logout-message-changed", "Account site: the sign-out page words differ.",
             f"DRIFT — {SITE}, Appendix ログインがうまくいかない場合, step ⑤ : expected"
             " 「ログアウトしました。ご利用ありがとうございました。」", hosts=(IDP_HOST,)),
]

FAULT_SCENARIOS: list[Scenario] = [
    Scenario("slow", "Every response is delayed (default 3000 ms; 'slow:MS@HOST').",
             "no DRIFT: pages load late; within the timeout the walk passes, beyond it UNREACHABLE",
             kind="fault"),
    Scenario("unavailable", "HTTP 503 for the host ('unavailable@HOST'; all hosts without @HOST).",
             "UNREACHABLE (HTTP 503), not DRIFT", kind="fault"),
    Scenario("connection-reset", "The connection is closed without a response ('connection-reset@HOST').",
             "UNREACHABLE (connection reset / empty response), not DRIFT", kind="fault"),
]


LOCK_SCENARIOS: list[Scenario] = [
    Scenario("account-locked", "次へ on the ID screen answers that the account is locked (too many attempts).",
             "the run stops at the ID screen with the lock message; no code is requested, nothing more is tried",
             kind="lock", hosts=(IDP_HOST,)),
    Scenario("locked-at-two-step", "ログイン on 2段階認証 answers that the account is now locked, whatever was typed.",
             "the run stops at 2段階認証 with the lock message; no revision is proposed, nothing more is tried",
             kind="lock", hosts=(IDP_HOST,)),
]


def service_scenarios() -> list[Scenario]:
    """The service pages' scenarios, if that package is there yet."""
    try:
        module = importlib.import_module("mocksites.services.drift")
    except ImportError:
        return []
    found = getattr(module, "SERVICE_SCENARIOS", [])
    return [s for s in found if isinstance(s, Scenario)]


def registry() -> dict[str, Scenario]:
    """Every known scenario by name (IdP/account site, faults, then the services')."""
    return {s.name: s for s in [*IDP_SCENARIOS, *FAULT_SCENARIOS, *LOCK_SCENARIOS, *service_scenarios()]}
