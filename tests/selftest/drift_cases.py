"""What the suite must report for each drift scenario of the mock: the suite's side of the bargain.

Written from flows/ and the manual (service name, manual page, step, the documented label); the mock
describes its scenarios on its own side. Every drift scenario the mock registers must have a row here,
so a new scenario cannot go unchecked.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expected:
    select: tuple[str, ...]  # pytest arguments choosing the walks the scenario affects
    service: str
    page: int
    step: str | None
    label: str
    outcome: str = "failed"  # "passed" for a moved URL that still shows the documented screen
    mention: str | None = None  # something else the report must say (a new address)


WALK = "tests/walks/test_documented_paths.py"
APPENDIX = "tests/walks/test_appendix.py"
JOSYS = "tests/walks/test_josys_first_login.py"
ID_SCREEN = ("--service", "cloudsign", WALK)

EXPECTED: dict[str, Expected] = {
    # the shared Business d Account screens (p.6) and the consent screen
    "idp-next-renamed": Expected(ID_SCREEN, "dX電子契約", 6, "②", "次へ"),
    "idp-keep-signed-in-removed": Expected(ID_SCREEN, "dX電子契約", 6, None, "ログインしたままにする"),
    "two-step-login-renamed": Expected(ID_SCREEN, "dX電子契約", 6, "⑤", "ログイン"),
    "code-mail-missing": Expected(ID_SCREEN, "dX電子契約", 6, "④", "a security code email"),
    "consent-removed": Expected(("--service", "karaden-sms", WALK), "dXショートメッセージ(SMS)配信", 20, "②",
                                "サービス連携の同意"),
    "consent-agree-renamed": Expected(("--service", "karaden-sms", WALK), "dXショートメッセージ(SMS)配信", 20, "②",
                                      "同意する"),
    # the appendix (pp.30-34)
    "error-message-changed": Expected((f"{APPENDIX}::test_documented_error_is_shown_for_its_cause",),
                                      "dX勤怠・労務管理", 34, "①",
                                      "ログインに失敗しました。お客様のビジネスdアカウントではログインできません。"),
    "account-menu-renamed": Expected((f"{APPENDIX}::test_signing_out_of_a_cached_account",),
                                     "ビジネスdアカウントサイト", 30, "②", "ビジネスdアカウントメニュー"),
    "logout-message-changed": Expected((f"{APPENDIX}::test_signing_out_of_a_cached_account",),
                                       "ビジネスdアカウントサイト", 30, "⑤", "ログアウトしました。"),
    # the services' own screens (pp.7-29)
    "entry-button-renamed": Expected(("--service", "cloudsign", WALK), "dX電子契約", 16, "「ビジネスdアカウント ログイン」 (p.6 手順2)",
                                     "ビジネスdアカウント ログイン"),
    # A stale screen fact beside it must not hide the broken entry control.
    "operator-note-removed-and-entry-renamed": Expected(("--service", "cloudsign", WALK), "dX電子契約", 16,
                                                        "「ビジネスdアカウント ログイン」 (p.6 手順2)", "ビジネスdアカウント ログイン"),
    "url-404": Expected(("--service", "club-off", WALK), "ビジネスd福利厚生", 4, None,
                        "https://www.club-off.com/dxfukuri/", mention="HTTP 404"),
    "url-redirects-elsewhere": Expected(("--service", "lpcloud", WALK), "dX電子請求書", 15, None,
                                        "ビジネスdアカウント ログイン", mention="now leads to: https://www.lpcloud.jp/"),
    "url-moved": Expected(("--service", "akibare-hp", WALK), "dXホームページ", 5, None, "", outcome="passed",
                          mention="https://www.dxhp.akibare-hp.com/"),
    "new-intermediate-step": Expected(("--service", "newspicks", WALK), "NewsPicks+d プレミアム会員", 13, "after ①",
                                      "ビジネスdアカウントでログイン"),
    "newspicks-sso-renamed": Expected(("--service", "newspicks", WALK), "NewsPicks+d プレミアム会員", 13, "②",
                                      "ビジネスdアカウントでログイン"),
    "rview-sso-removed": Expected(("--service", "rview", WALK), "ビジネスdリモートデスクトップ", 9, "①",
                                  "Log in with SSO"),
    "shukkinbo-company-code-renamed": Expected(("--service", "follow-shukkinbo", WALK), "ビジネスd出勤簿", 27, None,
                                               "会社コード"),
    "josys-invite-link-renamed": Expected((JOSYS,), "IT資産管理 by ジョーシス", 23, None, "招待を承諾する"),
    "josys-password-rule-changed": Expected((JOSYS,), "IT資産管理 by ジョーシス", 24, None,
                                            "8文字以上の英数字で入力してください。"),
}
