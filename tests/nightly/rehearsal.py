"""Running the real nightly command against local stand-ins: the mock standalone, a stopped server, a proxy.

The night runs exactly as in CI (``python -m loginsuite nightly``, live mode), only with
``--host-map`` pointing every documented host at a local HTTPS server in a subprocess.
"""
from __future__ import annotations

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the outer run (CI, xdist, a developer's shell) sets and a rehearsed night must not inherit.
_INHERITED = ("BIZD_", "PYTEST_", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "NO_PROXY", "no_proxy")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED)}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


@dataclass
class Night:
    returncode: int
    output: str
    reports: Path

    def run_folder(self) -> Path:
        folders = sorted(self.reports.glob("*-nightly"))
        assert folders, f"no run folder under {self.reports}:\n{self.output}"
        return folders[-1]


def run_night(reports: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120,
              lang: str | None = "en") -> Night:
    """``python -m loginsuite nightly --reports REPORTS [--lang LANG] ARGS`` in a subprocess (``lang``
    None: no --lang, and no BIZD_LANG inherited: the default language)."""
    done = subprocess.run(
        [sys.executable, "-m", "loginsuite", "nightly", "--reports", str(reports), *(["--lang", lang] if lang else []),
         *args],
        cwd=ROOT, env=env or clean_env(), capture_output=True, text=True, timeout=timeout, check=False,
    )
    return Night(done.returncode, done.stdout + done.stderr, reports)


def wait_for_port(port: int, timeout: float = 20, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stdout and process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@contextmanager
def mock_sites(*scenarios: str, port: int | None = None) -> Iterator[int]:
    """The mock standalone (``python -m mocksites --port N --scenario NAME``) in a subprocess; yields its port."""
    port = port or free_port()
    command = [sys.executable, "-m", "mocksites", "--port", str(port)]
    for name in scenarios:
        command += ["--scenario", name]
    process = subprocess.Popen(command, cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process=process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


class _Proxy(socketserver.BaseRequestHandler):
    """Notes the request line; refuses it, or tunnels a CONNECT to the server's ``tunnel_to`` port."""

    def handle(self) -> None:
        head = self.request.recv(4096).decode("latin-1")
        self.server.requests.append(head.split("\r\n", 1)[0])  # type: ignore[attr-defined]
        port = self.server.tunnel_to  # type: ignore[attr-defined]
        if port is None or not head.startswith("CONNECT "):
            self.request.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        with socket.create_connection(("127.0.0.1", port)) as upstream:
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            pump = threading.Thread(target=_pipe, args=(upstream, self.request), daemon=True)
            pump.start()
            _pipe(self.request, upstream)
            pump.join(timeout=5)


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


@contextmanager
def recording_proxy(tunnel_to: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """An HTTP proxy that notes each request line (``CONNECT host:443 HTTP/1.1``) and refuses it, or
    tunnels it to ``127.0.0.1:tunnel_to`` whatever host was asked for."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Proxy)
    server.daemon_threads = True
    requests: list[str] = []
    server.requests = requests  # type: ignore[attr-defined]
    server.tunnel_to = tunnel_to  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
