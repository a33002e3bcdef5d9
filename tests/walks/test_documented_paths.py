"""Every documented URL, walked as the manual tells a customer to (pp.4-29)."""
from __future__ import annotations

import pytest
from walking import Case, Signer, Walk

from loginsuite.plugin import Settings
from loginsuite.results import CHECKS

pytestmark = pytest.mark.walk


@pytest.mark.nightly
def test_documented_path(walk: Walk, case: Case, signer: Signer, suite_settings: Settings) -> None:
    """URL opens → the screen shows what the manual shows → its steps reach the ID screen → sign-in."""
    if case.entry is None:
        for name in CHECKS:
            walk.not_applicable(name, case.service.no_login_reason or "")
        pytest.skip(f"not applicable: {case.service.name} — {case.service.no_login_reason}")
    walk.open_documented_url()
    walk.expect_documented_screen()
    assert walk.login is not None
    if not signer.has(walk.login.steps_to_id_screen()):
        walk.skip_rest(f"{case.service.name}: its entry step needs data that is not configured "
                       "(and the credential-free check enters none)", after="screen")
    signer.walk_to_service(walk)
    if suite_settings.login_path != "first" and signer.can_sign_in and not signer.shared_state:
        returning_user(walk, case)


def returning_user(walk: Walk, case: Case) -> None:
    """A returning user: the service forgot the session, the Business d Account did not; consent is
    not asked again (「次回から上記のサービスへの連携同意を省略する事が出来ます」)."""
    assert case.entry
    walk.page.context.clear_cookies(domain=case.entry.host)
    walk.open_documented_url()
    walk.press_entry_steps()
    walk.finish_sign_in(first_login=False)
