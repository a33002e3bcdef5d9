"""Code and invitation mails as the identity provider and Josys might send them, in every encoding
the readers must handle. Shared by the Dovecot tests and the parsing unit tests."""
from __future__ import annotations

import base64
from collections.abc import Callable
from email.charset import QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

IDP_SENDER = "no-reply@bizd.example.jp"
SUBJECT = "【ビジネスdアカウント】セキュリティコードのお知らせ"
JOSYS_SENDER = "noreply@josys.it"
JOSYS_SUBJECT = "【Josys】アカウントアクティベーション招待"
INVITE_URL = "https://app.josys.it/invitations/accept?token=abc123&lang=ja"


def _text(code: str) -> str:
    return (f"ビジネスdアカウントをご利用いただきありがとうございます。\n\n"
            f"2段階認証用のセキュリティコード：{code}\n\n有効期限：10分\n")


def _html(code: str) -> str:
    return (f"<html><head><style>p {{color: red}}</style></head><body>"
            f"<p>ビジネスdアカウントをご利用いただきありがとうございます。</p>"
            f"<p>セキュリティコード</p><p><b>{code}</b></p><p>有効期限：10分</p></body></html>")


def _headers(msg: Message, sender: str, subject: str, charset: str = "utf-8") -> Message:
    msg["From"] = f"{Header('ビジネスdアカウント', charset).encode()} <{sender}>"
    msg["To"] = "bizd-mail-test@localhost"
    msg["Subject"] = Header(subject, charset).encode()
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="bizd.example.jp")
    return msg


def iso_2022_jp(code: str, sender: str = IDP_SENDER, subject: str = SUBJECT) -> bytes:
    """The classic Japanese mail: ISO-2022-JP, 7bit body, B-encoded headers."""
    return _headers(MIMEText(_text(code), "plain", "iso-2022-jp"), sender, subject, "iso-2022-jp").as_bytes()


def utf8_base64(code: str, sender: str = IDP_SENDER, subject: str = SUBJECT) -> bytes:
    return _headers(MIMEText(_text(code), "plain", "utf-8"), sender, subject).as_bytes()


def utf8_quoted_printable(code: str, sender: str = IDP_SENDER, subject: str = SUBJECT) -> bytes:
    charset = Charset("utf-8")
    charset.body_encoding = QP
    return _headers(MIMEText(_text(code), "plain", charset), sender, subject).as_bytes()  # type: ignore[arg-type]


def html_only(code: str, sender: str = IDP_SENDER, subject: str = SUBJECT) -> bytes:
    return _headers(MIMEText(_html(code), "html", "utf-8"), sender, subject).as_bytes()


def alternative(code: str, sender: str = IDP_SENDER, subject: str = SUBJECT) -> bytes:
    """multipart/alternative: ISO-2022-JP text and UTF-8 quoted-printable HTML."""
    msg = MIMEMultipart("alternative")
    msg.attach(MIMEText(_text(code), "plain", "iso-2022-jp"))
    charset = Charset("utf-8")
    charset.body_encoding = QP
    msg.attach(MIMEText(_html(code), "html", charset))  # type: ignore[arg-type]
    return _headers(msg, sender, subject).as_bytes()


def to_jis(text: str) -> bytes:
    """Text as Windows mailers write ISO-2022-JP (CP50220): cp932's pairs, NEC row 13 and the IBM
    extensions included, turned back into 7-bit JIS pairs between ESC $ B and ESC ( B."""
    out, two_byte = bytearray(), False
    for char in text:
        sjis = char.encode("cp932")
        if len(sjis) == 1:
            if two_byte:
                out += b"\x1b(B"
                two_byte = False
            out += sjis
            continue
        if not two_byte:
            out += b"\x1b$B"
            two_byte = True
        lead, trail = sjis
        lead = (lead - 0x40 if lead >= 0xE0 else lead) - 0x81
        trail = (trail - 1 if trail >= 0x80 else trail) - 0x40
        row, column = lead * 2 + (trail >= 94), trail - 94 if trail >= 94 else trail
        out += bytes((row + 0x21, column + 0x21))
    return bytes(out + (b"\x1b(B" if two_byte else b""))


NEC_SUBJECT = "①【ビジネスdアカウント】セキュリティコードのお知らせ"


def iso_2022_jp_nec(code: str, sender: str = IDP_SENDER, subject: str = NEC_SUBJECT) -> bytes:
    """ISO-2022-JP with NEC special characters: ㈱ and Ⅱ in the body, ① in the B-encoded subject,
    髙 (an IBM extension) in the sender's name: what Outlook or a Windows mailer sends."""
    body = to_jis(f"㈱ＮＴＴドコモ 髙橋\nⅡ．{_text(code)}")
    encoded = "=?ISO-2022-JP?B?{}?="
    headers = (f"From: {encoded.format(base64.b64encode(to_jis('髙橋㈱')).decode())} <{sender}>\r\n"
               f"To: bizd-mail-test@localhost\r\n"
               f"Subject: {encoded.format(base64.b64encode(to_jis(subject)).decode())}\r\n"
               f"Date: {formatdate(localtime=True)}\r\nMessage-ID: {make_msgid(domain='bizd.example.jp')}\r\n"
               "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
               "Content-Transfer-Encoding: 7bit\r\n\r\n")
    return headers.encode() + body.replace(b"\n", b"\r\n")


ENCODINGS: dict[str, Callable[..., bytes]] = {
    "iso-2022-jp": iso_2022_jp,
    "iso-2022-jp-nec": iso_2022_jp_nec,
    "utf-8-base64": utf8_base64,
    "utf-8-quoted-printable": utf8_quoted_printable,
    "html-only": html_only,
    "multipart-alternative": alternative,
}


def josys_invitation(url: str = INVITE_URL, html: bool = True) -> bytes:
    """The manual's mail ②: 「招待を承諾する」 as a button link (HTML) or with the URL beside it (text)."""
    text = ("Josys の使用を開始するよう招待されました。\n以下のリンクをクリックして招待を承諾してください。\n\n"
            f"招待を承諾する: {url}\n\nまたは、Googleアカウントからサインインすることもできます。\n"
            "グーグルでログインする: https://app.josys.it/auth/google\n")
    if not html:
        return _headers(MIMEText(text, "plain", "utf-8"), JOSYS_SENDER, JOSYS_SUBJECT).as_bytes()
    markup = ("<html><body><p>Josys の使用を開始するよう招待されました。</p>"
              "<p>以下のリンクをクリックして招待を承諾してください。</p>"
              f'<p><a href="{url.replace("&", "&amp;")}" style="background:#00f">招待を<br>承諾する</a></p>'
              '<p><a href="https://app.josys.it/auth/google">グーグルでログインする</a></p></body></html>')
    msg = MIMEMultipart("alternative")
    msg.attach(MIMEText("Josys の使用を開始するよう招待されました。（HTML 表示でご覧ください）", "plain", "utf-8"))
    msg.attach(MIMEText(markup, "html", "utf-8"))
    return _headers(msg, JOSYS_SENDER, JOSYS_SUBJECT).as_bytes()


def plain(body: str, sender: str = IDP_SENDER, subject: str = SUBJECT) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "bizd-mail-test@localhost", subject
    msg.set_content(body)
    return msg.as_bytes()
