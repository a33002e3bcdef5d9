"""The code mail's defaults, in one place (README and .env.example point here).

The manual shows no code mail: p.6 says only that the code is sent to the registered address
(手順4 「お客様にてご登録頂いたメールアドレスへセキュリティコードが自動送信」) and the 2段階認証 screen
calls it セキュリティコード (有効期限：10分). So:

- SUBJECT is INFERRED from the screen's word: the code mail's subject is assumed to contain
  「セキュリティコード」. Override with BIZD_CODE_SUBJECT (``*``: any subject).
- There is deliberately NO default sender. A guessed address that is wrong would reject the real
  mail and waste the run's one sign-in; a blank one would accept a look-alike sender's code. Live
  runs therefore refuse to start until BIZD_CODE_SENDER names the sender (``user@host`` exactly, or
  ``@host`` for a domain), or is ``*`` — the explicit opt-in to any sender.
"""
from __future__ import annotations

ANY = "*"  # BIZD_CODE_SENDER=* / BIZD_CODE_SUBJECT=*: the user accepts any, on purpose
SUBJECT = "セキュリティコード"  # inferred, see above
SENDER: str | None = None  # none on purpose, see above

SETTLE_SECONDS = 3.0  # after the first code mail, how long a resend may take to arrive (newest wins)
CLOCK_SKEW_SECONDS = 60.0  # how far the mail's Date / the server's clock may run behind ours
POLL_SECONDS = 2.0  # servers without IMAP IDLE are asked this often
CONNECT_TIMEOUT_SECONDS = 15.0
READ_TIMEOUT_SECONDS = 30.0  # one IMAP exchange; a stalled server is dropped after this (or the wait's end)
