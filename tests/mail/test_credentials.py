"""Credentials and code-source settings from the environment, a .env file, or the keyring."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from loginsuite import credentials, secrets
from loginsuite.codes import CodeSourceConfig, CodeSourceError, ImapSource, PromptSource, code_source_from_env
from loginsuite.credentials import Credentials, load_credentials

PASSWORD = "S3cret-Pass!word"


@pytest.fixture
def no_env_file(tmp_path: Path) -> Path:
    return tmp_path / "absent.env"


def test_credentials_come_from_the_environment(no_env_file: Path) -> None:
    creds = load_credentials({"BIZD_ACCOUNT_ID": "user@example.jp", "BIZD_PASSWORD": PASSWORD}, no_env_file)
    assert creds == Credentials("user@example.jp", PASSWORD, None)


def test_credentials_come_from_a_dotenv_file_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f'BIZD_ACCOUNT_ID=file-user\nBIZD_PASSWORD="{PASSWORD}"\nBIZD_COMPANY_CODE=C-100\n')
    creds = load_credentials({}, env_file)
    assert creds is not None and (creds.account_id, creds.password, creds.company_code) == (
        "file-user", PASSWORD, "C-100")
    override = load_credentials({"BIZD_ACCOUNT_ID": "env-user"}, env_file)
    assert override is not None and override.account_id == "env-user" and override.password == PASSWORD


def test_bizd_env_file_names_another_dotenv(tmp_path: Path) -> None:
    other = tmp_path / "live.env"
    other.write_text(f"BIZD_ACCOUNT_ID=other\nBIZD_PASSWORD={PASSWORD}\n")
    creds = load_credentials({"BIZD_ENV_FILE": str(other)})
    assert creds is not None and creds.account_id == "other"


def test_missing_password_means_no_credentials(no_env_file: Path) -> None:
    assert load_credentials({"BIZD_ACCOUNT_ID": "user"}, no_env_file, use_keyring=False) is None
    assert credentials.ENV_NAMES == ("BIZD_ACCOUNT_ID", "BIZD_PASSWORD")


def test_password_never_shows_in_repr_or_str_and_is_registered_for_masking(no_env_file: Path) -> None:
    creds = load_credentials({"BIZD_ACCOUNT_ID": "user", "BIZD_PASSWORD": PASSWORD}, no_env_file)
    assert creds is not None
    for shown in (repr(creds), str(creds), f"{creds}", repr([creds])):
        assert PASSWORD not in shown and "user" in shown
    assert secrets.mask(f"typed {PASSWORD}") == f"typed {secrets.MASK}"


def test_the_os_keyring_is_used_when_installed(monkeypatch: pytest.MonkeyPatch, no_env_file: Path) -> None:
    asked: list[tuple[str, str]] = []

    def get_password(service: str, name: str) -> str | None:
        asked.append((service, name))
        return "from-keyring-pw" if name == "BIZD_PASSWORD" else None
    monkeypatch.setitem(sys.modules, "keyring", SimpleNamespace(get_password=get_password))
    creds = load_credentials({"BIZD_ACCOUNT_ID": "user"}, no_env_file)
    assert creds is not None and creds.password == "from-keyring-pw"
    assert ("bizd-login-suite", "BIZD_PASSWORD") in asked


def test_a_broken_keyring_is_ignored(monkeypatch: pytest.MonkeyPatch, no_env_file: Path) -> None:
    def get_password(service: str, name: str) -> str | None:
        raise RuntimeError("no backend")
    monkeypatch.setitem(sys.modules, "keyring", SimpleNamespace(get_password=get_password))
    assert load_credentials({"BIZD_ACCOUNT_ID": "user"}, no_env_file) is None


# -- code source settings -----------------------------------------------------------------------------
def test_no_mailbox_configured_means_the_terminal_prompt(no_env_file: Path) -> None:
    assert isinstance(code_source_from_env({}, no_env_file), PromptSource)


def test_an_imap_host_selects_imap_with_ssl_on_port_993_by_default(no_env_file: Path) -> None:
    config = CodeSourceConfig.from_env({"BIZD_IMAP_HOST": "imap.example.jp", "BIZD_IMAP_USER": "me",
                                        "BIZD_IMAP_PASSWORD": "imap-Pw-2231", "BIZD_CODE_SENDER": "@bizd.example.jp",
                                        "BIZD_IMAP_MARK_READ": "yes"}, no_env_file)
    assert config.kind == "imap" and config.imap is not None and config.mark_read
    assert config.imap.use_ssl and config.imap.effective_port == 993 and config.imap.folder == "INBOX"
    assert config.rule.match.sender == "@bizd.example.jp"
    assert "imap-Pw-2231" not in repr(config) and "imap-Pw-2231" in secrets.registered()
    source = config.build()
    assert isinstance(source, ImapSource) and source.mark_read


def test_imap_settings_can_come_from_dotenv(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("BIZD_CODE_SOURCE=imap\nBIZD_IMAP_HOST=127.0.0.1\nBIZD_IMAP_PORT=1143\n"
                        "BIZD_IMAP_SSL=off\nBIZD_IMAP_USER=me\nBIZD_IMAP_PASSWORD=dotenv-Imap-pw\n"
                        "BIZD_IMAP_FOLDER=Codes/BizD\n")
    config = CodeSourceConfig.from_env({}, env_file)
    assert config.imap is not None
    assert (config.imap.port, config.imap.use_ssl, config.imap.folder) == (1143, False, "Codes/BizD")


def test_missing_imap_settings_are_named_without_showing_the_password(no_env_file: Path) -> None:
    with pytest.raises(CodeSourceError) as caught:
        CodeSourceConfig.from_env({"BIZD_CODE_SOURCE": "imap", "BIZD_IMAP_PASSWORD": "hidden-Pw-9"}, no_env_file)
    assert "BIZD_IMAP_HOST" in str(caught.value) and "BIZD_IMAP_USER" in str(caught.value)
    assert "hidden-Pw-9" not in str(caught.value)


@pytest.mark.parametrize("env, complaint", [
    ({"BIZD_CODE_SOURCE": "pigeon"}, "maildir, imap, prompt"),
    ({"BIZD_CODE_SOURCE": "maildir"}, "BIZD_MAILDIR"),
    ({"BIZD_MAILDIR": "/tmp/x", "BIZD_CODE_PATTERN": "(["}, "BIZD_CODE_PATTERN"),
    ({"BIZD_IMAP_HOST": "h", "BIZD_IMAP_USER": "u", "BIZD_IMAP_PASSWORD": "p-1234", "BIZD_IMAP_SSL": "maybe"},
     "BIZD_IMAP_SSL"),
    ({"BIZD_IMAP_HOST": "h", "BIZD_IMAP_USER": "u", "BIZD_IMAP_PASSWORD": "p-1234", "BIZD_IMAP_PORT": "imap"},
     "BIZD_IMAP_PORT"),
], ids=["unknown-kind", "maildir-without-folder", "bad-pattern", "bad-ssl-flag", "bad-port"])
def test_bad_settings_fail_with_the_variable_named(env: dict[str, str], complaint: str, no_env_file: Path) -> None:
    with pytest.raises(CodeSourceError, match=complaint.replace("(", r"\(").replace("[", r"\[")):
        CodeSourceConfig.from_env(env, no_env_file)
