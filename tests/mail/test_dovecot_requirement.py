"""The Dovecot fixture's rule: skip where Dovecot cannot run, but never silently on CI."""
from __future__ import annotations

import pytest
from dovecot_server import require_dovecot, unavailable


def test_missing_dovecot_skips_locally_but_fails_on_ci() -> None:
    assert unavailable("/nonexistent/dovecot") is not None
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_dovecot("/nonexistent/dovecot", environ={})
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_dovecot("/nonexistent/dovecot", environ={"CI": "true"})
