"""Which receivers webhooks may reach: the host's addresses are resolved and checked before
connecting, and only ``CATENA_WEBHOOKS_ALLOW_PRIVATE`` lets a webhook reach a loopback or private
address."""

from __future__ import annotations

import ipaddress
import socket

from django.utils.translation import gettext as _

from catena.integrations.services.webhook_delivery.config import config


def allows_private_addresses() -> bool:
    """Only ``CATENA_WEBHOOKS_ALLOW_PRIVATE`` lets webhooks reach inside; ``CATENA_DEBUG`` does not."""
    return bool(config("CATENA_WEBHOOKS_ALLOW_PRIVATE"))


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052, the well-known NAT64 prefix
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291, deprecated but still routed by some stacks


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: IPv4-mapped and -compatible, 6to4, NAT64, and
    both ends of Teredo. Empty for a plain IPv6 address."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    refused = (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )
    return ip.is_global and not refused


def is_public_address(address: str) -> bool:
    """Is ``address`` (an IP literal) on the public internet? Loopback, private, link-local,
    reserved, multicast and unspecified addresses are not, nor any IPv6 form that carries one of
    them as its IPv4 address (``::ffff:127.0.0.1``, ``::127.0.0.1``, ``2002:7f00:1::``,
    ``64:ff9b::7f00:1``, Teredo)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded:
            return not ip.is_multicast and all(_is_public(v4) for v4 in embedded)
    return _is_public(ip)


class AddressNotAllowed(Exception):
    """The receiver's host resolves to an address webhooks may not reach."""


def resolve_receiver(host: str, port: int) -> str:
    """The address to connect to; refuses private ones unless they are allowed."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise OSError(f"no address for {host}")
    if not allows_private_addresses():
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked:
            raise AddressNotAllowed(
                _("%(host)s resolves to %(address)s, a private or local address; webhooks may not reach it.")
                % {"host": host, "address": blocked[0]}
            )
    return addresses[0]
