"""The server itself: every documented host over TLS, the index page, the standalone command."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import IDP
from mocksites.server import DOCUMENTED_URLS, HOSTS, MockServer
from mocksites.testing import MockClient

ROOT = Path(__file__).resolve().parents[2]


def test_every_documented_host_answers_with_a_valid_certificate(client: MockClient) -> None:
    for host in HOSTS:
        reply = client.get(f"https://{host}/", follow=False)  # certificate and hostname are checked
        assert reply.status < 500, host


def test_documented_urls_are_served(client: MockClient) -> None:
    for name, url in DOCUMENTED_URLS:
        assert client.get(url).status == 200, (name, url)


def test_index_page_lists_hosts_scenarios_and_the_resolver_flag(client: MockClient, mock_server: MockServer) -> None:
    page = client.get(f"https://localhost:{mock_server.port}/").text
    assert mock_server.resolver_rules in page and "--host-resolver-rules" in page
    for host in HOSTS:
        assert host in page
    for name in ("idp-next-renamed", "connection-reset", "consent-removed"):
        assert name in page


def test_resolver_rules_map_everything_but_localhost(mock_server: MockServer) -> None:
    assert re.fullmatch(rf"MAP \* 127\.0\.0\.1:{mock_server.port}, EXCLUDE localhost", mock_server.resolver_rules)
    assert mock_server.ca_pem.read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_cookies_stay_on_their_host(client: MockClient) -> None:
    client.get(f"{IDP}/menu")
    assert {c.domain for c in client.jar} == {"id-biz.smt.docomo.ne.jp"}


def test_a_second_server_runs_beside_and_stops_cleanly(tmp_path: Path) -> None:
    with MockServer(workdir=tmp_path, scenarios=["idp-next-renamed"]) as other:
        reply = MockClient(other).get(f"{IDP}/menu")
        assert ">続ける<" in reply.text
        port = other.port
    with pytest.raises(OSError):
        import socket
        socket.create_connection(("127.0.0.1", port), 1).close()


def test_standalone_command_prints_where_it_listens_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "mocksites", "--port", "0", "--maildir", str(tmp_path / "box"),
                             "--scenario", "consent-removed"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("  scenarios:"):
                break
        out = "".join(lines)
        assert "mocksites listening on https://127.0.0.1:" in out and "--host-resolver-rules=" in out
        assert "consent-removed" in out and str(tmp_path / "box") in out
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert "shutting down" in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_standalone_command_refuses_unknown_scenarios() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "mocksites", "--port", "0", "--scenario", "nope"],
                          check=False, capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 2 and "unknown scenario" in done.stderr
