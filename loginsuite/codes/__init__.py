"""Where security codes (and the Josys invitation mail) come from: Maildir, IMAP or the terminal.

    source = code_source_from_env()      # BIZD_CODE_SOURCE=maildir|imap|prompt, see config.py
    preflight(source)                    # before any sign-in: mailbox, folder, filters
    since = source.mark()                # before pressing 次へ
    code = source.wait_for_code(since, timeout=120)
"""
from loginsuite.codes.base import (
                                   Arrival,
                                   CodeRule,
                                   CodeSource,
                                   CodeSourceError,
                                   CodeTimeout,
                                   MailboxSource,
                                   MailboxUnavailable,
                                   MailMatch,
                                   MailSource,
                                   wait_for_link,
)
from loginsuite.codes.config import CodeSourceConfig, code_source_from_env, preflight
from loginsuite.codes.imap import ImapMark, ImapSettings, ImapSource
from loginsuite.codes.maildir import MaildirMark, MaildirSource
from loginsuite.codes.prompt import CONFIGURE_HINT, PromptSource
from loginsuite.mailparse import find_link

__all__ = [
    "CONFIGURE_HINT", "Arrival", "CodeRule", "CodeSource", "CodeSourceConfig", "CodeSourceError", "CodeTimeout",
    "ImapMark", "ImapSettings", "ImapSource", "MailMatch", "MailSource", "MailboxSource", "MailboxUnavailable", "MaildirMark",
    "MaildirSource", "PromptSource", "code_source_from_env", "find_link", "preflight", "wait_for_link",
]
