"""The client's IP address behind the documented reverse proxy.

``X-Forwarded-For`` is believed only when the peer (``REMOTE_ADDR``) is one of
``settings.TRUSTED_PROXIES`` (``ALUHUB_TRUSTED_PROXIES``: addresses or networks). Then
the header is read from the right, skipping trusted proxies, and the first other
address is the client: whatever a client writes at the left of the header cannot
change which address is used. Without a trusted peer the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Sequence[Network]
) -> bool:
    return any(address in network for network in proxies)


def client_ip(request: HttpRequest) -> str:
    """The client address for throttling and lockout (``AXES_CLIENT_IP_CALLABLE``)."""
    peer_text = request.META.get("REMOTE_ADDR", "")
    peer = _address(peer_text)
    proxies: Sequence[Network] = settings.TRUSTED_PROXIES
    if peer is None or not _trusted(peer, proxies):
        return peer_text
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage written by the client: stop trusting the chain here
        if not _trusted(address, proxies):
            return str(address)
    return peer_text
