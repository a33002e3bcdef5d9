"""Every documented URL, walked as the manual tells a customer to (pp.4-29)."""
from __future__ import annotations

import pytest
from walking import Case, Signer, Walk

from loginsuite.results import CHECKS

pytestmark = pytest.mark.walk


@pytest.mark.nightly
def test_documented_path(walk: Walk, case: Case, signer: Signer) -> None:
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
