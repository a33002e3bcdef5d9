"""--proxy and HTTPS_PROXY reach the browser of a night, and self-signed certificates are accepted
only where hosts are mapped (--host-map), not through a proxy to the real names."""
from __future__ import annotations

from pathlib import Path

from rehearsal import clean_env, mock_sites, recording_proxy, run_night

ONE_WALK = ["-n", "0", "--reruns", "0", "--", "--service", "cloudsign", "--check-timeout", "1000"]
CONNECT = "CONNECT www.cloudsign.jp:443 HTTP/1.1"


def test_https_proxy_from_the_environment_carries_the_browsers_connections(tmp_path: Path) -> None:
    with recording_proxy() as (proxy, requests):
        night = run_night(tmp_path, *ONE_WALK, env=clean_env(HTTPS_PROXY=proxy))
    assert CONNECT in requests, night.output
    # The proxy refused: the site is unreachable, which warns and does not fail the night.
    assert night.returncode == 0, night.output
    assert "1 walk: 0 OK, 0 STALE, 0 DRIFT, 1 UNREACHABLE" in night.output
    assert "net::ERR_TUNNEL_CONNECTION_FAILED" in night.output


def test_the_proxy_option_reaches_the_browser_and_a_self_signed_site_is_unreachable_without_host_map(
    tmp_path: Path,
) -> None:
    with mock_sites() as port, recording_proxy(tunnel_to=port) as (proxy, requests):
        night = run_night(tmp_path, *ONE_WALK, "--proxy", proxy)
    assert CONNECT in requests, night.output
    assert "1 walk: 0 OK, 0 STALE, 0 DRIFT, 1 UNREACHABLE" in night.output
    assert "net::ERR_CERT_AUTHORITY_INVALID" in night.output
