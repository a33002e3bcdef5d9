"""The label rule: same label despite spacing, width and decoration; never despite other wording."""
from __future__ import annotations

import pytest

from loginsuite.labels import fold, matches, nearest, pattern

SAME = {
    "spacing": ("ビジネスdアカウント ログイン", "ビジネス d アカウント ログイン"),
    "no-spacing": ("ビジネスdアカウント ログイン", "ビジネスdアカウントログイン"),
    "line-break-and-ideographic-space": ("ビジネスdアカウント ログイン", "ビジネス\u3000d\nアカウント  ログイン"),
    "full-width-letter": ("ビジネスdアカウント", "ビジネスｄアカウント"),
    "full-width-latin-label": ("Log in with SSO", "Ｌｏｇ ｉｎ ｗｉｔｈ ＳＳＯ"),
    "full-width-parentheses": ("利用申込（無料）はこちら", "利用申込(無料)はこちら"),
    "leading-triangle": ("ビジネスdアカウントとは？", "▶ ビジネスdアカウントとは？"),
    "ascii-question-mark": ("ビジネスdアカウントとは？", "ビジネスdアカウントとは?"),
    "leading-plus": ("開く", "+ 開く"),
    "trailing-chevron": ("連携サービスの確認・解除", "連携サービスの確認・解除 >"),
    "trailing-full-width-chevron": ("次へ", "次へ　＞"),
    "half-width-katakana": ("ログイン", "ﾛｸﾞｲﾝ"),
    "half-width-katakana-with-handakuten": ("パスワード", "ﾊﾟｽﾜｰﾄﾞ"),
}
DIFFERENT = {
    "de-login-vs-login": ("ビジネスdアカウントでログイン", "ビジネスdアカウント ログイン"),
    "login-vs-de-login": ("ビジネスdアカウント ログイン", "ビジネスdアカウントでログイン"),
    "wakaranu-vs-wakaranai": ("ビジネスdアカウントが分からない方", "ビジネスdアカウントが分からぬ方"),
    "longer-name-containing-the-label": ("ビジネスdアカウント ログイン", "ビジネスdアカウント ログイン はこちら"),
    "label-inside-a-sentence": ("ログイン", "ログインしたままにする"),
    "case-differs": ("Log in with SSO", "LOG IN WITH SSO"),
    "voiced-vs-unvoiced-half-width": ("ク", "ｸﾞ"),
    "decoration-inside-the-label": ("次へ", "次▶へ"),
    "empty-shown": ("次へ", ""),
}


@pytest.mark.parametrize(("label", "shown"), SAME.values(), ids=SAME.keys())
def test_label_matches_despite_spacing_width_and_decoration(label: str, shown: str) -> None:
    assert matches(label, shown)


@pytest.mark.parametrize(("label", "shown"), DIFFERENT.values(), ids=DIFFERENT.keys())
def test_label_does_not_match_other_wording(label: str, shown: str) -> None:
    assert not matches(label, shown)


@pytest.mark.parametrize(("label", "shown"), [*SAME.values(), *DIFFERENT.values()], ids=[*SAME, *DIFFERENT])
def test_pattern_agrees_with_matches(label: str, shown: str) -> None:
    """The regex Playwright applies in the browser decides as ``matches`` does."""
    assert bool(pattern(label).search(shown)) is matches(label, shown)


def test_text_pattern_finds_a_sentence_inside_a_paragraph() -> None:
    sentence = "ビジネスd電子申請をご契約されているお客さまは 以下のログインボタンよりログインしてください"
    paragraph = "ビジネスd電子申請をご契約されているお客さまは\n以下のログインボタンよりログインしてください（※）"
    assert pattern(sentence, whole=False).search(paragraph)
    assert not pattern(sentence).search(paragraph)


def test_fold_removes_white_space_and_end_decoration_only() -> None:
    assert fold(" ▶ ビジネス ｄ アカウントとは？ ") == "ビジネスdアカウントとは?"
    assert fold("連携サービスの確認・解除") == "連携サービスの確認・解除"  # ・ inside the label is kept


def test_nearest_ranks_a_renamed_label_first() -> None:
    shown = ["利用規約", "ビジネスdアカウントでログイン", "次へ", "パスワードを忘れた方", "  "]
    assert nearest("ビジネスdアカウント ログイン", shown)[0] == "ビジネスdアカウントでログイン"


def test_nearest_offers_nothing_unrelated() -> None:
    assert nearest("ビジネスdアカウント ログイン", ["Cookie", "FAQ", ""]) == []


def test_nearest_returns_at_most_limit_labels_without_duplicates() -> None:
    shown = ["ログイン", "ログイン", "ログインする", "ログイン画面", "ログインはこちら"]
    best = nearest("ログイン", shown, limit=3)
    assert best[0] == "ログイン"
    assert len(best) == 3 and len(set(best)) == 3
