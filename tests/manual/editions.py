"""Edited copies of today's manual, made at test time: the manual's prose stays outside the repository.

Each edit replaces a passage that occurs exactly once in the seed, so a test cannot change more of
the manual than it means to (and fails loudly when the seed is not the edition it was written for).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from loginsuite.flows.loader import DEFAULT_DIR

SEED_DIR = DEFAULT_DIR.parent.parent / "shared" / "manual"

Edit = tuple[str, str]


def seed() -> Path:
    exports = sorted(SEED_DIR.glob("*.txt"))
    if not exports:
        pytest.skip(f"the manual's text export is not here: {SEED_DIR}")
    return exports[0]


def in_contents(after: str, name: str, text: str) -> str:
    """The 目次's table with ``name`` inserted under ``after`` in its column (the later ones move down)."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("| -")]
    table = [[cell.strip() for cell in lines[i].strip().strip("|").split("|")] for i in rows]
    column = next(c for row in table for c, cell in enumerate(row) if cell == f"-{after}")
    cells = [row[column] for row in table if row[column]]
    cells.insert(cells.index(f"-{after}") + 1, f"-{name}")
    table.append([""] * len(table[0]))
    for r, row in enumerate(table):
        row[column] = cells[r] if r < len(cells) else ""
    for i, row in zip(rows + [rows[-1] + 1], table, strict=True):
        rendered = "| " + " | ".join(row) + " |"
        if i in rows:
            lines[i] = rendered
        else:
            lines.insert(i, rendered)
    return "\n".join(lines)


def edited(target: Path, *edits: Edit, contents: tuple[str, str] | None = None) -> Path:
    """A copy of the seed at ``target`` with each (old, new) applied once, and a service added to the
    目次 after another one (``contents``: (after, name))."""
    text = seed().read_text(encoding="utf-8")
    if contents:
        text = in_contents(*contents, text)
    for old, new in edits:
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in the seed, expected once"
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


# --- the kinds of change a next edition brings -------------------------------------------------

NEW_SERVICE = "dX新サービス"
ADD_SERVICE: tuple[Edit, ...] = (
    ("ビジネスd電子申請\thttps://user.photolize.jp/bd-login/\t",
     f"ビジネスd電子申請\thttps://user.photolize.jp/bd-login/\t\n{NEW_SERVICE}\thttps://dx.shinservice.jp/login\t"),
    ("| -dX助成金申請 | -dXショートメッセージ(SMS)配信 | |",
     f"| -dX助成金申請 | -dXショートメッセージ(SMS)配信 | -{NEW_SERVICE} |"),
    ("【Appendix（付録）】\n\nご利用のWebブラウザで",
     (f"{NEW_SERVICE}\n\n5ページに記載のURLより、ログイン画面に遷移ください。\n\n"
     "(※当該URLについては、契約開通の際にメールにて通知されます。)\n\nビジネスdアカウント ログイン\n\n\n\n"
     "【Appendix（付録）】\n\nご利用のWebブラウザで")),
)
REMOVE_SERVICE: tuple[Edit, ...] = (
    ("dXオンライン営業\t\thttps://docomodx.aidma-hd.jp/\t\n", ""),
    ("| -dXオンライン営業 | -dX電子カタログ |", "| | -dX電子カタログ |"),
    (("4ページに記載のURLより、ログイン画面に遷移ください。\n\n(※当該URLについては、契約開通の際にメールにて通知されます。)"
     "\n\n\n\n \nビジネスdアカウント ログイン\n利用規約\n\n"), ""),
)
NEW_ROW = "第2.6版\t2025年10月1日\t名称変更（dX電子契約）"
RENAME_WITH_ROW: tuple[Edit, ...] = (
    ("第2.5版\t2025年4月25日\t【Appendix】エラー発生時の対応ページ 追加 ビジネスd経費精算／ビジネスdプリペイド のスライド削除",
     "第2.5版\t2025年4月25日\t【Appendix】エラー発生時の対応ページ 追加 ビジネスd経費精算／ビジネスdプリペイド のスライド削除\n"
     + NEW_ROW),
    ("第 2.5 版", "第 2.6 版"),
    ("dX電子契約\thttps://www.cloudsign.jp/docomo\t", "ビジネスd電子契約\thttps://www.cloudsign.jp/bizd\t"),
    ("| -dX電子契約 | | |", "| -ビジネスd電子契約 | | |"),
)
RENAME_BY_URL: tuple[Edit, ...] = (
    ("dXホームページ\thttps://www.dxhp.akibare-hp.com/\t", "ビジネスdホームページ\thttps://www.dxhp.akibare-hp.com/\t"),
    ("| -dX勤怠・労務管理 | -dXホームページ |", "| -dX勤怠・労務管理 | -ビジネスdホームページ |"),
)
CHANGE_URL: tuple[Edit, ...] = (("https://kintai.jinjer.biz/manager", "https://kintai.jinjer.biz/admin"),)
CHANGE_STEP: tuple[Edit, ...] = (("「次へ（②）」ボタンを押下", "「続ける（②）」ボタンを押下"),)
CHANGE_VALIDITY: tuple[Edit, ...] = (("有効期限：10分", "有効期限：15分"),)
CHANGE_ERROR: tuple[Edit, ...] = (
    ("お客様のビジネスdアカウント情報に未登録の項目がございます。", "お客様のビジネスdアカウント情報に未設定の項目があります。"),
)
ADD_ROW: tuple[Edit, ...] = (
    ("ビジネスd経費精算／ビジネスdプリペイド のスライド削除\n",
     "ビジネスd経費精算／ビジネスdプリペイド のスライド削除\n第2.6版\t2025年10月1日\tdXメール配信のスライド改修\n"),
)
CHANGE_LIMIT: tuple[Edit, ...] = (("8文字以上の英数字で入力してください。", "10文字以上の英数字で入力してください。"),)
CHANGE_LABEL: tuple[Edit, ...] = (("①の「Log in with SSO」を押下", "①の「SSOでログイン」を押下"),)
CHANGE_TEXT: tuple[Edit, ...] = (("↑サービス利用はこちら↑", "↑ご利用はこちら↑"),)
INSERT_SERVICE: tuple[Edit, ...] = (
    ("dXオンライン営業\t\thttps://docomodx.aidma-hd.jp/\t",
     f"dXオンライン営業\t\thttps://docomodx.aidma-hd.jp/\t\n{NEW_SERVICE}\t\thttps://dx.shinservice.jp/login\t"),
    ("ビジネスdリモートデスクトップ\n\n4ページに記載",
     (f"{NEW_SERVICE}\n\n4ページに記載のURLより、ログイン画面に遷移ください。\n\nビジネスdアカウント ログイン\n\n\n\n"
      "ビジネスdリモートデスクトップ\n\n4ページに記載")),
)

# The rest of the kinds: a history row's date, a row dropped, a function's URL row added or dropped,
# a service without login that gets one, the shared procedure's numbered operations, the appendix's
# error list, the account site's address.
CHANGE_ROW: tuple[Edit, ...] = (("第2.4版\t2024年8月22日", "第2.4版\t2024年8月23日"),)
DROP_ROW: tuple[Edit, ...] = (("第2.3版\t2024年8月19日\t新サービス（ビジネスd電子申請）追加\n", ""),)
ADD_ENTRY: tuple[Edit, ...] = (
    ("\t勤怠\thttps://kintai.jinjer.biz/manager\thttps://kintai.jinjer.biz/staffs\n",
     "\t勤怠\thttps://kintai.jinjer.biz/manager\thttps://kintai.jinjer.biz/staffs\n\t年末調整\t\thttps://nencho.jinjer.biz/\n"),
)
DROP_ENTRY: tuple[Edit, ...] = (("\t経費\t\thttps://expenses.jinjer.biz/staffs/\n", ""),)
LOGIN_FOR_NO_LOGIN: tuple[Edit, ...] = (
    ("まるごとビジネスサポート\t※電話でやり取りするサービスとなるため、ログイン不要。\t",
     "まるごとビジネスサポート\thttps://marugoto.example.jp/login\t"),
)
ADD_STEP: tuple[Edit, ...] = (
    ("「ログイン（⑤）」ボタンを押下\n",
     "「ログイン（⑤）」ボタンを押下\n6. 「サービス連携の同意」画面で「同意する（⑥）」ボタンを押下\n"),
)
DROP_STEP: tuple[Edit, ...] = (("PW（③）と、セキュリティコード（④）を入力し", "PW（③）を入力し"),)
ADD_ERROR: tuple[Edit, ...] = (
    ("職場の電話番号（外線）", "職場の電話番号（外線）\n\n③\n\nこのビジネスdアカウントは現在ご利用いただけません。\n"),
)
DROP_ERROR: tuple[Edit, ...] = (
    ("【主なエラー内容一覧 <エラーメッセージ>】\n\n①\n\nログインに失敗しました。お客様のビジネスdアカウントではログインできません。",
     "【主なエラー内容一覧 <エラーメッセージ>】\n\n"),
)
MOVE_ACCOUNT_SITE: tuple[Edit, ...] = (
    ("（<https://id-biz.smt.docomo.ne.jp/>）", "（<https://id-biz.docomo.example.jp/>）"),
    (" (<https://id-biz.smt.docomo.ne.jp/>)", " (<https://id-biz.docomo.example.jp/>)"),
)
