from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.test import RequestFactory

from aluhub.common.proxy import client_ip


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = (
        ipaddress.ip_network("10.0.0.5/32"),
        ipaddress.ip_network("fd00::/8"),
    )


def request(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_ip_without_trusted_proxy_ignores_forwarded_header(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ()
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_client_ip_from_trusted_proxy_reads_forwarded_header(behind_proxy: None) -> None:
    assert client_ip(request("10.0.0.5", "198.51.100.1")) == "198.51.100.1"


def test_client_ip_cannot_be_chosen_by_client_written_hops(behind_proxy: None) -> None:
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert client_ip(request("10.0.0.5", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


def test_client_ip_skips_chained_trusted_proxies(behind_proxy: None) -> None:
    assert client_ip(request("10.0.0.5", "198.51.100.1, fd00::2")) == "198.51.100.1"


def test_client_ip_from_untrusted_peer_is_the_peer(behind_proxy: None) -> None:
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_client_ip_with_garbage_header_falls_back_to_proxy(behind_proxy: None) -> None:
    assert client_ip(request("10.0.0.5", "not-an-ip")) == "10.0.0.5"
