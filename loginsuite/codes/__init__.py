"""Where security codes (and the Josys invitation mail) come from: Maildir, IMAP or the terminal.

    source = code_source_from_env()      # BIZD_CODE_SOURCE=maildir|imap|prompt, see config.py
    since = source.mark()                # before pressing 次へ
    code = source.wait_for_code(since, timeout=120)
"""
from loginsuite.codes.base import (
                                   CodeRule,
                                   CodeSource,
                                   CodeSourceError,
                                   CodeTimeout,
                                   MailboxSource,
                                   MailMatch,
                                   MailSource,
                                   wait_for_link,
)
from loginsuite.codes.config import CodeSourceConfig, code_source_from_env
from loginsuite.codes.imap import ImapMark, ImapSettings, ImapSource
from loginsuite.codes.maildir import MaildirMark, MaildirSource
from loginsuite.codes.prompt import CONFIGURE_HINT, PromptSource
from loginsuite.mailparse import find_link

__all__ = [
    "CONFIGURE_HINT", "CodeRule", "CodeSource", "CodeSourceConfig", "CodeSourceError", "CodeTimeout",
    "ImapMark", "ImapSettings", "ImapSource", "MailMatch", "MailSource", "MailboxSource", "MaildirMark",
    "MaildirSource", "PromptSource", "code_source_from_env", "find_link", "wait_for_link",
]
