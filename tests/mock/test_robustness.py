"""Bad input gets a clean 4xx page; nothing stops the server from serving the next request."""
from __future__ import annotations

import socket
import ssl

import pytest

from conftest import IDP, Steps
from mocksites.server import MockServer
from mocksites.testing import MockClient


def raw_exchange(server: MockServer, request: bytes, host: str = "id-biz.smt.docomo.ne.jp") -> bytes:
    """Send raw bytes over TLS and return whatever comes back."""
    sock = socket.create_connection((server.bind, server.port), 5)
    with server.client_context().wrap_socket(sock, server_hostname=host) as tls:
        tls.sendall(request)
        chunks = []
        try:
            while chunk := tls.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ssl.SSLError, ConnectionError):
            pass
        return b"".join(chunks)


def still_serving(client: MockClient) -> None:
    assert client.get(f"{IDP}/").status == 200


def test_unknown_path_and_host_give_404_pages(client: MockClient, mock_server: MockServer) -> None:
    reply = client.get(f"{IDP}/no/such/page")
    assert reply.status == 404 and "<html" in reply.text
    raw = raw_exchange(mock_server, b"GET / HTTP/1.1\r\nHost: unknown.example\r\nConnection: close\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 404") and "を提供していません".encode() in raw
    still_serving(client)


def test_oversized_form_post_is_refused_with_413(client: MockClient, steps: Steps) -> None:
    steps.open_login()
    reply = client.post(f"{IDP}/auth/login", b"bizd_id=" + b"x" * 200_000)
    assert reply.status == 413
    huge = client.post(f"{IDP}/auth/login", b"a=" + b"x" * 2_000_000)
    assert huge.status == 413
    still_serving(client)


def test_missing_fields_and_missing_sign_in_state_give_4xx(client: MockClient) -> None:
    for url, data in ((f"{IDP}/auth/login", {}), (f"{IDP}/auth/two-step", {}), (f"{IDP}/auth/consent", {})):
        reply = client.post(url, data)
        assert 400 <= reply.status < 500 and "<html" in reply.text, url
    for path in ("/auth/login", "/auth/two-step", "/auth/resend", "/auth/consent"):
        assert client.get(f"{IDP}{path}").status == 400
    still_serving(client)


def test_bad_consent_decision_and_bad_query_strings(client: MockClient, steps: Steps) -> None:
    steps.sign_in()
    assert client.post(f"{IDP}/auth/consent", {"decision": "maybe"}).status == 400
    client.jar.clear()  # without a sign-in in progress, only a valid request is answered
    for query in ("client_id=%ZZ%&redirect_uri=%%%", "client_id=%00", "a=" + "%FF" * 50, "&&&==&"):
        reply = client.get(f"{IDP}/auth/login?{query}")
        assert reply.status == 400, query
    still_serving(client)


def test_garbage_bytes_and_broken_requests_do_not_stop_the_server(client: MockClient,
                                                                  mock_server: MockServer) -> None:
    assert raw_exchange(mock_server, b"\x00\xff\xfe garbage\r\n\r\n").startswith(b"HTTP/1.") or True
    raw = raw_exchange(mock_server, b"POST /auth/login HTTP/1.1\r\nHost: id-biz.smt.docomo.ne.jp\r\n"
                       b"Content-Length: abc\r\nConnection: close\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400")
    raw = raw_exchange(mock_server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 414")
    # plain TCP without TLS, and a client that never speaks
    with socket.create_connection((mock_server.bind, mock_server.port), 5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        try:
            sock.recv(100)
        except (ConnectionError, TimeoutError):
            pass
    silent = socket.create_connection((mock_server.bind, mock_server.port), 5)
    try:
        still_serving(client)  # a silent client does not stall the accept loop
    finally:
        silent.close()


@pytest.mark.parametrize("body", [b"bizd_id=%E3%81", b"bizd_id=\xff\xfe", b"keep=1&keep=2&bizd_id=a&bizd_id=b"])
def test_odd_form_encodings_get_an_answer(client: MockClient, steps: Steps, body: bytes) -> None:
    steps.open_login()
    reply = client.post(f"{IDP}/auth/login", body)
    assert reply.status in (200, 303, 400)
    still_serving(client)


def test_wrong_method_gives_405(client: MockClient) -> None:
    assert client.request(f"{IDP}/auth/two-step", method="DELETE").status == 405
    still_serving(client)
