"""Server-side requests to typed addresses reach public addresses only (SSRF), at the first
URL and every redirect hop, IPv4 and IPv6. No network: the resolver answers made-up
addresses and the one connection that may happen goes to a server on this machine."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from typing import Any

import pytest

from aluhub.common import outbound
from aluhub.funding.curation.services import check_url

# A public address no test reaches: a connection to it goes to the local server instead.
PUBLIC = "203.0.114.7"


class _Redirects(BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012

    def _answer(self) -> None:
        type(self).seen.append(self.path)
        if self.path == "/trickle":  # a header line every 0.1 s for 3 s: no read waits 1 s
            self.send_response(200)
            self.flush_headers()
            for _ in range(30):
                self.wfile.write(b"X-Slow: 1\r\n")
                self.wfile.flush()
                time.sleep(0.1)
            self.wfile.write(b"\r\n")
            return
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/to/"))
        else:
            self.send_response(200)
        self.end_headers()

    do_HEAD = _answer  # noqa: N815
    do_GET = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirects)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def network(server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Names resolve from a table; a connection to PUBLIC reaches a local server; every
    address a connection was opened to is recorded."""
    _Redirects.seen = []
    names = {
        "programs.example": [PUBLIC],
        "metadata.example": ["169.254.169.254"],
        "mixed.example": [PUBLIC, "10.0.0.8"],
        "v6-loopback.example": ["::1"],
    }
    opened: list[str] = []

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        found = names.get(host, [host])
        infos = []
        for text in found:
            ip = ipaddress.ip_address(text)
            family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            infos.append((family, socket.SOCK_STREAM, 6, "", (text, port)))
        return infos

    def open_socket(
        address: tuple[Any, ...], timeout: float | None, source: tuple[str, int] | None
    ) -> socket.socket:
        opened.append(address[0])
        if address[0] != PUBLIC:
            raise AssertionError(f"connected to {address[0]}")
        return socket.create_connection(("127.0.0.1", server.server_address[1]), timeout)

    monkeypatch.setattr(outbound, "resolve", resolve)
    monkeypatch.setattr(outbound, "open_socket", open_socket)
    return {"port": server.server_address[1], "opened": opened, "seen": _Redirects.seen}


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "ff0e::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "2002:a9fe:a9fe::1",
    ],
)
def test_an_address_inside_a_network_or_special_is_not_allowed(address: str) -> None:
    assert outbound.address_allowed(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"]
)
def test_a_public_address_is_allowed(address: str) -> None:
    assert outbound.address_allowed(ipaddress.ip_address(address)) is True


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.example/computeMetadata/v1/",
        "http://127.0.0.1:5432/",
        "http://[::1]/",
        "http://v6-loopback.example/",
        "http://[::ffff:10.0.0.1]/",
        "https://mixed.example/",
    ],
)
def test_the_link_checker_records_address_not_allowed_without_connecting(
    network: dict[str, Any], url: str
) -> None:
    status, error = check_url(url, timeout=2)

    assert status is None
    assert error.startswith("address not allowed: ")
    assert network["opened"] == []


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.example/",
        "http://[fe80::1]/",
        "https://mixed.example/",
    ],
)
def test_a_redirect_to_an_address_inside_a_network_is_not_followed(
    network: dict[str, Any], target: str
) -> None:
    url = f"http://programs.example:{network['port']}/to/{target}"

    status, error = check_url(url, timeout=2)

    assert (status, error.split(":")[0]) == (None, "address not allowed")
    assert set(network["opened"]) == {PUBLIC}
    assert network["seen"] == [f"/to/{target}"]


def test_a_redirect_to_another_scheme_is_not_followed(network: dict[str, Any]) -> None:
    url = f"http://programs.example:{network['port']}/to/ftp://10.0.0.8/notes.txt"

    status, error = check_url(url, timeout=2)

    assert (status, error) == (None, "redirect to a ftp address")
    assert set(network["opened"]) == {PUBLIC}


def test_a_redirect_between_public_addresses_is_followed(network: dict[str, Any]) -> None:
    port = network["port"]
    url = f"http://programs.example:{port}/to/http://programs.example:{port}/program"

    assert check_url(url, timeout=2) == (200, "")
    assert network["seen"] == [f"/to/http://programs.example:{port}/program", "/program"]


def test_a_server_that_answers_a_byte_at_a_time_is_given_up_at_the_deadline(
    network: dict[str, Any],
) -> None:
    # Each read got its answer within the timeout, so the check waited for the whole
    # trickle (hours for a server that wants it), and the worker's queue behind it.
    url = f"http://programs.example:{network['port']}/trickle"

    status, error = check_url(url, timeout=1, deadline=1)

    assert (status, error) == (None, "no complete answer within 1 s")
