"""Business d Accounts of the mock, and the demo set a fresh world starts with."""
from __future__ import annotations

from dataclasses import dataclass, field

#: The appendix's <設定必須項目> (documented error ②), in the manual's order.
REQUIRED_FIELDS: tuple[str, ...] = (
    "管理グループ：管理代表・管理許可子",
    "DUNSナンバー",
    "会社名",
    "郵便番号（事務所）",
    "住所（事務所）",
    "氏名",
    "フリガナ",
    "連絡先メールアドレス（WEB／ケータイ）いずれか",
    "職場の電話番号（外線）",
)

DEMO_PASSWORD = "Mock-Pass-2025"
DEMO_ACCOUNT_ID = "demo@example.jp"
DEMO_COMPANY_CODE = "DEMO0001"


@dataclass
class Account:
    """One Business d Account: sign-in data, contact addresses and what the appendix's errors depend on."""

    id: str
    password: str = DEMO_PASSWORD
    mobile_email: str | None = None      # 連絡先メールアドレス(ケータイメール)
    business_email: str | None = None    # 連絡先メールアドレス(ビジネス用メール)
    phone: str = "090-0000-0000"         # 連絡先携帯電話番号
    company: str = "株式会社モック商事"
    can_manage_users: bool = True        # ユーザ管理許可 (管理代表・管理許可子); without it: error ①
    missing_fields: list[str] = field(default_factory=list)  # unset required items: error ②
    locked: bool = False
    failures: int = 0                    # consecutive failed sign-ins

    @property
    def contact_emails(self) -> list[str]:
        """Where security codes go (both registered addresses)."""
        return [a for a in (self.mobile_email, self.business_email) if a]

    @property
    def email(self) -> str:
        """The main contact address (ビジネス用 first), or the ID when none is registered."""
        emails = self.contact_emails
        return self.business_email or (emails[0] if emails else self.id)


def demo_accounts() -> list[Account]:
    """The accounts every fresh (or reset) world has; all use DEMO_PASSWORD."""
    return [
        Account(DEMO_ACCOUNT_ID, mobile_email="demo-keitai@docomo.ne.jp", business_email="demo@example.jp"),
        Account("second@example.jp", business_email="second@example.jp", company="株式会社モック物産"),
        Account("noperm@example.jp", business_email="noperm@example.jp", can_manage_users=False),
        Account("incomplete@example.jp", business_email="incomplete@example.jp",
                missing_fields=["DUNSナンバー", "郵便番号（事務所）", "職場の電話番号（外線）"]),
        Account("nomail@example.jp", phone="090-1111-2222"),
        Account("locked@example.jp", business_email="locked@example.jp", locked=True, failures=5),
    ]
