"""Server-side HTTP requests to addresses people typed (a program's official URL): public
addresses only.

A partner proposes a program with its URL and the link checker fetches it from the server,
following redirects. Without a guard, ``http://169.254.169.254/`` (the cloud's metadata
service), ``http://localhost:5432/`` or a redirect to an address of the cluster's network
would be fetched from inside it (server-side request forgery). Here every connection, the
first one and each redirect hop, resolves its host once, refuses it when any of its
addresses is loopback, private, link-local, shared (100.64.0.0/10), multicast, reserved or
unspecified (IPv4 and IPv6, IPv4 written inside IPv6 included), and connects to the address
it checked (a name that resolves again to another address between the check and the
connection changes nothing). Redirects go to http(s) only; no proxy from the environment and
no other scheme (ftp, file, data) is opened. :func:`call_within` bounds a whole request's
time (a socket timeout bounds each read only).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import IO, Any, TypeVar
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
T = TypeVar("T")

ALLOWED_SCHEMES = ("http", "https")
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052 and 8215).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class AddressNotAllowed(OSError):
    """The host resolves to an address the server must not reach on a person's behalf."""

    def __init__(self, host: str, address: str) -> None:
        self.host = host
        self.address = address
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"address not allowed: {shown}")


def address_allowed(ip: IPAddress) -> bool:
    """True for a public unicast address; False for anything inside a network or special."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return address_allowed(ip.ipv4_mapped)
        embedded = ip.sixtofour
        if embedded is None and any(ip in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not address_allowed(embedded):
            return False
        if ip.is_site_local:
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    """The host's addresses as ``getaddrinfo`` gives them (tests replace this)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def open_socket(
    address: tuple[Any, ...], timeout: float | None, source_address: tuple[str, int] | None
) -> socket.socket:
    """Connect to one checked address (tests replace this)."""
    return socket.create_connection(address[:2], timeout, source_address)


def checked_addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """The socket addresses of ``host``; AddressNotAllowed when any of them is not public."""
    if not host:
        raise AddressNotAllowed(host, host)
    infos = resolve(host.strip("[]"), port)
    addresses = [info[4] for info in infos]
    if not addresses:
        raise OSError(f"no address for {host}")
    for sockaddr in addresses:
        literal = str(sockaddr[0])
        try:
            ip = ipaddress.ip_address(literal.split("%", 1)[0])
        except ValueError:
            raise AddressNotAllowed(host, literal) from None
        if not address_allowed(ip):
            raise AddressNotAllowed(host, literal)
    return addresses


def _guarded_connection(
    address: tuple[str, int],
    timeout: float | None = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]  # noqa: SLF001
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    host, port = address
    addresses = checked_addresses(host, port)
    for sockaddr in addresses[:-1]:
        try:
            return open_socket(sockaddr, timeout, source_address)
        except OSError:
            continue
    return open_socket(addresses[-1], timeout, source_address)


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _GuardedHTTPSConnection,
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows a redirect to http(s) only, after checking the new host's addresses."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        parts = urlsplit(newurl)
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            raise urllib.error.URLError(f"redirect to a {parts.scheme or 'relative'} address")
        try:
            checked_addresses(parts.hostname or "", parts.port or _default_port(parts.scheme))
        except OSError as exc:
            raise urllib.error.URLError(exc) from exc
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _default_port(scheme: str) -> int:
    return 443 if scheme.lower() == "https" else 80


def public_opener() -> urllib.request.OpenerDirector:
    """An opener for http(s) to public addresses only (no proxy, no other scheme)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _HTTPHandler(),
        _HTTPSHandler(),
        _RedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


class DeadlineExceeded(Exception):
    """The call had not returned when its time was up."""


def call_within(seconds: float, function: Callable[[], T]) -> T:
    """``function()``, or DeadlineExceeded when it has not returned within ``seconds``.

    A socket timeout bounds each wait for the server, not a whole answer: a server sending
    one byte every few seconds keeps a request alive for hours. The call runs in a daemon
    thread; past the deadline the caller goes on and the thread ends with its connection
    (it writes nothing: give it only a function without side effects)."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, function()))
        except BaseException as exc:  # handed to the caller below
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="outbound-call", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        raise DeadlineExceeded(f"no answer within {seconds:g} s")
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value
