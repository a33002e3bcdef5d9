"""'Shown instead' is the control of the same role in the documented one's place, never a look-alike word
elsewhere on the page (a logo), and nothing when the screen gives no place to look."""
from __future__ import annotations

from loginsuite.instead import shown_instead

TWO_STEP = ["パスワード", "セキュリティコード", "ログイン", "セキュリティコードが届かない方はこちら",
            "セキュリティコードを再送する", "戻る"]
TWO_STEP_RENAMED = """
- banner:
  - link "ビジネスdアカウント":
    - img "ビジネスdアカウント"
- main:
  - heading "2段階認証" [level=1]
  - paragraph: 2段階認証用のセキュリティコードを送信しました。
  - textbox "パスワード"
  - textbox "セキュリティコード"
  - button "認証する"
  - link "セキュリティコードが届かない方はこちら"
  - link "セキュリティコードを再送する"
  - button "戻る"
- contentinfo:
  - link "お問い合わせ"
"""
ID_SCREEN = ["ビジネスdアカウントID", "ビジネスdアカウントが分からない方", "ログインしたままにする", "次へ",
             "ビジネスdアカウントとは？"]
ID_RENAMED = """
- main:
  - textbox "ビジネスdアカウントID"
  - link "ビジネスdアカウントが分からない方"
  - checkbox "ログインしたままにする"
  - button "続ける"
  - link "ビジネスdアカウントとは？"
  - link "ビジネスdアカウントを作成"
"""
RVIEW_TOP = """
- banner:
  - link "RemoteView":
    - img "RemoteView"
  - link "Pricing"
- main:
  - heading "Remote access made simple" [level=1]
"""


def test_the_renamed_button_in_the_same_place_is_what_is_shown_instead() -> None:
    assert shown_instead(TWO_STEP_RENAMED, "button", TWO_STEP, "ログイン") == "認証する"
    assert shown_instead(ID_RENAMED, "button", ID_SCREEN, "次へ") == "続ける"


def test_nothing_is_claimed_where_the_screen_gives_no_place_to_look() -> None:
    # 「Log in with SSO」 is the top screen's only documented control: the logo is not its new name.
    assert shown_instead(RVIEW_TOP, "button", ["Log in with SSO"], "Log in with SSO") is None


def test_a_control_of_another_role_or_a_documented_one_is_never_shown_instead() -> None:
    removed = TWO_STEP_RENAMED.replace('  - button "認証する"\n', "")
    assert shown_instead(removed, "button", TWO_STEP, "ログイン") is None  # 戻る is documented, links are elsewhere
    assert shown_instead(TWO_STEP_RENAMED, "checkbox", TWO_STEP, "ログイン") is None
