"""Browsers elsewhere: the walks run unchanged on a Playwright browser server through pytest-playwright's
``connect_options`` (``--remote-browser`` / BIZD_BROWSER_ENDPOINT).

Here: ``playwright launch-server`` with Debian's Chromium, mapped (as a remote grid would be configured)
to a standalone mock on this machine, and the nightly-style walk in live mode against it.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from loginsuite.browser import find_chromium, launch_args

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(process: subprocess.Popen[bytes], port: int) -> None:
    for _ in range(120):
        if process.poll() is not None:
            pytest.fail(f"{process.args} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            try:
                process.wait(timeout=0.5)  # a bounded poll while it starts
            except subprocess.TimeoutExpired:
                pass
    pytest.fail(f"{process.args} never listened on {port}")


@pytest.fixture(scope="module")
def standalone_mock() -> Iterator[int]:
    port = _free_port()
    mock = subprocess.Popen([sys.executable, "-m", "mocksites", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(mock, port)
        yield port
    finally:
        mock.terminate()
        mock.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_server(standalone_mock: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    executable = find_chromium() or pytest.skip("Playwright's own Chromium: launch-server finds it itself")
    config = tmp_path_factory.mktemp("server") / "cfg.json"
    port = _free_port()
    config.write_text(json.dumps({
        "executablePath": str(executable), "port": port, "host": "127.0.0.1",
        "args": launch_args(f"MAP * 127.0.0.1:{standalone_mock}, EXCLUDE localhost"),
    }))
    server = subprocess.Popen([str(Path(sys.executable).parent / "playwright"), "launch-server", "--browser",
                               "chromium", "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              start_new_session=True)  # its own group: the node server goes down with it
    try:
        _wait_listening(server, port)
        assert server.stdout is not None
        endpoint = server.stdout.readline().decode().strip()
        assert re.match(r"^ws://", endpoint), endpoint
        yield endpoint
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def test_walk_runs_on_a_remote_browser_server(browser_server: str, standalone_mock: int, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/walks/test_documented_paths.py", "--service", "cloudsign",
         "--target", "live", f"--host-map=127.0.0.1:{standalone_mock}", "--no-sign-in", "--check-timeout=15000",
         "-q", "-rs", "-p", "no:cacheprovider", f"--output={tmp_path / 'pw'}"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "BIZD_BROWSER_ENDPOINT": browser_server},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    # Credential-free: URL, screen and entry checked, the ID screen reached, then it stops by design.
    assert "1 skipped" in done.stdout and "stops at the ID screen" in done.stdout, done.stdout[-2000:]
