"""Drift scenarios of the service pages: each makes one documented screen disagree with the manual
the way real sites drift (a renamed button, a removed field, a moved URL ...).

The service modules check ``world.active(name)``; ``expect`` says what the suite should report
(service, manual page, step, the documented label), so the suite's drift self-tests can be checked.
"""
from __future__ import annotations

from mocksites.scenarios import Scenario

SERVICE_SCENARIOS: list[Scenario] = [
    Scenario(
        name="entry-button-renamed",
        description="dX電子契約: 「ビジネスdアカウント ログイン」 is relabelled 「dアカウントでログイン」.",
        expect="DRIFT — dX電子契約, p.16, step 2 (press the login control): button 「ビジネスdアカウント ログイン」 "
               "not shown at https://www.cloudsign.jp/docomo; nearest shown: 「dアカウントでログイン」",
        kind="drift",
        hosts=("www.cloudsign.jp",),
    ),
    Scenario(
        name="field-removed",
        description="HotProfile (dX商談・名刺管理 / dX顧客開拓): the 顧客ID field is gone from the login page.",
        expect="STALE — dX商談・名刺管理 (p.14) and dX顧客開拓 (p.21), login screen: field 「顧客ID」 not shown "
               "at https://docomo.hotprofile.jp/auth/login/ (the Business d Account path never types it: the "
               "procedure is walked to the end)",
        kind="cosmetic",
        hosts=("docomo.hotprofile.jp",),
    ),
    Scenario(
        name="screen-text-changed",
        description="ビジネスd電子申請: the documented sentence is reworded "
                    "(「ビジネスd電子申請のご契約者さまは、下のボタンからサインインしてください」).",
        expect="STALE — ビジネスd電子申請, p.29, login screen: text 「ビジネスd電子申請をご契約されているお客さまは "
               "以下のログインボタンよりログインしてください」 not shown (the login button is still there: the procedure "
               "is walked to the end)",
        kind="cosmetic",
        hosts=("user.photolize.jp",),
    ),
    Scenario(
        name="url-404",
        description="ビジネスd福利厚生: https://www.club-off.com/dxfukuri/ answers 404.",
        expect="DRIFT — ビジネスd福利厚生, URL table p.4, step 1 (open the documented URL): "
               "https://www.club-off.com/dxfukuri/ answers HTTP 404 (a 4xx is the site's answer, not UNREACHABLE)",
        kind="drift",
        hosts=("www.club-off.com",),
    ),
    Scenario(
        name="url-redirects-elsewhere",
        description="dX電子請求書: the documented URL 302s to https://www.lpcloud.jp/service/, a product page "
                    "without the Business d Account login.",
        expect="DRIFT — dX電子請求書, URL table p.5 / p.15, step 1: https://www.lpcloud.jp/login_docomo/ redirects "
               "to https://www.lpcloud.jp/service/, where button 「ビジネスdアカウント ログイン」 is not shown",
        kind="drift",
        hosts=("www.lpcloud.jp",),
    ),
    Scenario(
        name="url-moved",
        description="dXホームページ: the documented URL 301s to https://www.dxhp.akibare-hp.com/member/login/, "
                    "which still shows the documented screen.",
        expect="OK (not drift) — dXホームページ, URL table p.5: the documented screen is reached; report the new "
               "address https://www.dxhp.akibare-hp.com/member/login/ as a proposed revision of p.5",
        kind="drift",  # switched like a drift, but the suite must NOT report DRIFT
        hosts=("www.dxhp.akibare-hp.com",),
    ),
    Scenario(
        name="new-intermediate-step",
        description="NewsPicks: after ① ログイン an extra page (会員の種類を選択してください) comes before the login "
                    "choices.",
        expect="DRIFT — NewsPicks+d プレミアム会員, p.13, step ②: button 「ビジネスdアカウントでログイン」 not shown "
               "after ① 「ログイン」 (an undocumented page 「会員の種類を選択してください」 is shown)",
        kind="drift",
        hosts=("newspicks.com",),
    ),
    Scenario(
        name="newspicks-sso-renamed",
        description="NewsPicks: ② 「ビジネスdアカウントでログイン」 is relabelled 「dアカウントで続ける」.",
        expect="DRIFT — NewsPicks+d プレミアム会員, p.13, step ②: button 「ビジネスdアカウントでログイン」 not shown; "
               "nearest shown: 「dアカウントで続ける」",
        kind="drift",
        hosts=("newspicks.com",),
    ),
    Scenario(
        name="rview-sso-removed",
        description="ビジネスdリモートデスクトップ: 「Log in with SSO」 is missing from the top right of www.rview.com.",
        expect="DRIFT — ビジネスdリモートデスクトップ, p.9, step ①: link/button 「Log in with SSO」 not shown at "
               "https://www.rview.com/",
        kind="drift",
        hosts=("www.rview.com",),
    ),
    Scenario(
        name="shukkinbo-company-code-renamed",
        description="ビジネスd出勤簿 (PC and smartphone): the 会社コード field is labelled 企業コード.",
        expect="DRIFT — ビジネスd出勤簿, p.27 (PC) / p.28 (smartphone), step 「会社コード入力後、①を押下」: field "
               "「会社コード」 not shown; nearest shown: 「企業コード」",
        kind="drift",
        hosts=("bizd.follow.jp",),
    ),
    Scenario(
        name="josys-invite-link-renamed",
        description="IT資産管理 by ジョーシス: invitation mail ② links 「アカウントを有効化する」 instead of "
                    "「招待を承諾する」.",
        expect="DRIFT — IT資産管理 by ジョーシス, p.23 (mail ②), first login: mail 【Josys】アカウントアクティベーション招待 has no "
               "link 「招待を承諾する」; nearest: 「アカウントを有効化する」",
        kind="drift",
        hosts=("api.josys.it",),
    ),
    Scenario(
        name="josys-password-rule-changed",
        description="IT資産管理 by ジョーシス: the パスワードを入力 page asks for 12+ characters with upper/lower case and "
                    "digits instead of 「8文字以上の英数字で入力してください。」 (and enforces it).",
        expect="DRIFT — IT資産管理 by ジョーシス, p.24, パスワードを入力: text 「8文字以上の英数字で入力してください。」 "
               "not shown; a password that follows the manual's rule is refused",
        kind="drift",
        hosts=("api.josys.it",),
    ),
    Scenario(
        name="operator-note-removed",
        description="dX電子契約: the sentence 「※dX電子契約は、弁護士ドットコム株式会社が運営するクラウドサインによって"
                    "提供しております。」 is gone; the login button is unchanged.",
        expect="STALE — dX電子契約, p.16, login screen: text 「※dX電子契約は、弁護士ドットコム株式会社が運営する"
               "クラウドサインによって提供しております。」 not shown; the procedure is walked to the end",
        kind="cosmetic",
        hosts=("www.cloudsign.jp",),
    ),
    Scenario(
        name="terms-shown-as-text",
        description="dX電子契約: 「dX電子契約 利用規約」 is printed as plain text instead of a link.",
        expect="STALE — dX電子契約, p.16, login screen: link 「dX電子契約 利用規約」 shown as text; the procedure is "
               "walked to the end",
        kind="cosmetic",
        hosts=("www.cloudsign.jp",),
    ),
    Scenario(
        name="keep-checkbox-as-switch",
        description="HotProfile: 「ログイン状態を保存する」 is drawn as a switch (role=switch) instead of a checkbox.",
        expect="STALE — dX商談・名刺管理 (p.14) and dX顧客開拓 (p.21), login screen: checkbox 「ログイン状態を保存する」 "
               "shown as a switch; the procedure is walked to the end",
        kind="cosmetic",
        hosts=("docomo.hotprofile.jp",),
    ),
    Scenario(
        name="entry-button-as-link",
        description="dXオンライン営業: 「ビジネスdアカウント ログイン」 is a plain text link instead of a button; the same "
                    "words and the same destination.",
        expect="STALE with the approved screens (screen changed since approved, p.8); without them OK — to a customer "
               "it is the same control, and the procedure is walked to the end",
        kind="cosmetic",
        hosts=("docomodx.aidma-hd.jp",),
    ),
    Scenario(
        name="operator-note-removed-and-entry-renamed",
        description="dX電子契約: the operator sentence is gone AND 「ビジネスdアカウント ログイン」 reads "
                    "「dアカウントでログイン」.",
        expect="DRIFT — dX電子契約, p.16, step 「ビジネスdアカウント ログイン」: button 「ビジネスdアカウント ログイン」 "
               "not shown (the stale sentence does not hide the broken procedure)",
        kind="drift",
        hosts=("www.cloudsign.jp",),
    ),
    Scenario(
        name="look-new-banner",
        description="dX電子契約: a new banner 「新しいログイン画面になりました」 above the login button; every "
                    "documented word is still there.",
        expect="STALE — dX電子契約, p.16, login screen: screen changed since approved (new banner); the walk passes "
               "(no documented fact changes, so without the approved screens: OK)",
        kind="cosmetic",
        hosts=("www.cloudsign.jp",),
    ),
    Scenario(
        name="look-new-layout",
        description="dX電子契約: the login screen is laid out anew (left-aligned, the button wide); same words.",
        expect="STALE — dX電子契約, p.16, login screen: screen changed since approved (layout); the walk passes",
        kind="cosmetic",
        hosts=("www.cloudsign.jp",),
    ),
    Scenario(
        name="look-recoloured",
        description="dX電子契約: the login button is blue instead of red; same words.",
        expect="STALE — dX電子契約, p.16, login screen: screen changed since approved (colour); the walk passes",
        kind="cosmetic",
        hosts=("www.cloudsign.jp",),
    ),
]
