"""--proxy and HTTPS_PROXY reach the browser of a night: its connections go to the proxy."""
from __future__ import annotations

from pathlib import Path

import pytest
from rehearsal import clean_env, recording_proxy, run_night

ONE_WALK = ["-n", "0", "--reruns", "0", "--", "--service", "cloudsign", "--check-timeout", "1000"]


@pytest.mark.parametrize("how", ["option", "env"])
def test_the_browser_connects_to_the_documented_host_through_the_proxy(tmp_path: Path, how: str) -> None:
    with recording_proxy() as (proxy, requests):
        if how == "option":
            night = run_night(tmp_path, *ONE_WALK, "--proxy", proxy)
        else:
            night = run_night(tmp_path, *ONE_WALK, env=clean_env(HTTPS_PROXY=proxy))
    assert "CONNECT www.cloudsign.jp:443 HTTP/1.1" in requests, night.output
    # The proxy refused: the site is unreachable, which warns and does not fail the night.
    assert night.returncode == 0, night.output
    assert "1 walks: 0 OK, 0 DRIFT, 1 UNREACHABLE" in night.output
