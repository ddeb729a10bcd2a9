"""The per-client limit of subscribing: confirmation mails one machine may cause per hour.

The limits per address (``subscriptions``) keep one inbox from being flooded; this
one keeps one machine from making the site mail many addresses. It remembers, per
client, when the confirmation mails it caused were sent within the last hour, in
the cache every worker shares (settings.CACHES: the database cache or Redis), so
every worker counts the same mails.

Who the client is comes from django-axes, which throttles logins by the same
address: ``REMOTE_ADDR``, or with BEHIND_PROXY the X-Forwarded-For entry the proxy
appended (``middleware.client_address`` as AXES_CLIENT_IP_CALLABLE). One rule for
both limits. An IPv6 client counts by its /64 network, which one connection usually
holds whole.

A mail is counted before it is sent (``counted_mail()``) and uncounted if sending
it fails, so requests that wait on a slow mail server count already. Reading and
writing the count is not one step: requests of one client at the same moment may
pass the limit by their number.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import time
from collections.abc import Iterator
from contextlib import contextmanager

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest

# A newsroom behind one address can set up its alerts; a script cannot mail many strangers.
CONFIRMATIONS_PER_CLIENT_PER_HOUR = 20
WINDOW = dt.timedelta(hours=1)


class ClientOverLimit(Exception):
    """The client has caused CONFIRMATIONS_PER_CLIENT_PER_HOUR mails within the hour."""


@contextmanager
def counted_mail(request: HttpRequest | None) -> Iterator[None]:
    """One confirmation mail of the request's client, for the with-block to send.

    Raises ClientOverLimit, having written nothing, if the client's hour is full;
    an exception out of the block uncounts the mail. No request (a mail our own
    code asks for): not counted.
    """
    if request is None:
        yield
        return
    client = client_of(request)
    claimed = claim(client)
    if claimed is None:
        raise ClientOverLimit
    try:
        yield
    except BaseException:
        release(client, claimed)
        raise


def client_of(request: HttpRequest) -> str:
    """The client ``request`` counts for: its IPv4 address, or its IPv6 /64 network."""
    address = get_client_ip_address(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _key(client: str) -> str:
    return f"alerts:confirmations-from:{client}"


def _recent(client: str, now: float) -> list[float]:
    since = now - WINDOW.total_seconds()
    return [sent for sent in cache.get(_key(client), []) if sent > since]


def claim(client: str, *, now: float | None = None) -> float | None:
    """Count one confirmation mail for ``client``; None, and nothing written, if its
    hour is full. The answer is what ``release()`` takes back.

    ``now``: the time to count it at (a Unix time; the current time unless given).
    """
    now = time.time() if now is None else now
    recent = _recent(client, now)
    if len(recent) >= CONFIRMATIONS_PER_CLIENT_PER_HOUR:
        return None
    recent.append(now)
    cache.set(_key(client), recent, int(WINDOW.total_seconds()))
    return now


def release(client: str, claimed: float) -> None:
    """Uncount a mail ``claim()`` counted that was not sent."""
    recent = _recent(client, time.time())
    if claimed in recent:
        recent.remove(claimed)
        cache.set(_key(client), recent, int(WINDOW.total_seconds()))
